import type { Command } from 'commander';
import { parseNumberFlag } from 'kit';
import { bestTimesOperation } from '../operations/best.ts';
import { runOperation } from '../operations/operation.ts';
import { contextFor, globalsOf } from './common.ts';

interface BestCliOptions {
  duration: string;
  minPeople: string;
  limit: string;
  require?: string[];
  exclude?: string[];
  json?: boolean;
  timezone?: string;
}

export function registerBestCommand(program: Command): void {
  program
    .command('best')
    .description('Rank meeting times by how many people can come.')
    .argument('<url>', 'event URL')
    .option('--duration <time>', 'meeting length: 30m, 1h, 1h30m', '60m')
    .option('--min-people <n>', 'only times at least this many people can make', '1')
    .option('--limit <n>', 'show at most this many', '10')
    .option('--require <names...>', 'only times these people can make')
    .option('--exclude <names...>', 'leave these people out')
    .option('--json', 'print a JSON array')
    .option('--timezone <iana>', 'show times in this zone')
    .action(async (url: string, options: BestCliOptions, command: Command) => {
      const best = await runOperation(
        bestTimesOperation,
        {
          url,
          duration: options.duration,
          // Command-line numbers go through kit's one parser (no hex, no "1e3" people); the
          // operation then checks them as it checks an agent's.
          minPeople: parseNumberFlag('--min-people', options.minPeople, {
            integer: true,
            min: 1,
            unit: 'people',
          }),
          limit: parseNumberFlag('--limit', options.limit, { integer: true, min: 1 }),
          require: options.require,
          exclude: options.exclude,
          timezone: options.timezone,
        },
        contextFor(globalsOf(command)),
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(best.options)}\n`);
        return;
      }
      if (best.options.length === 0) {
        process.stdout.write(
          `No ${best.durationMinutes}-minute time suits ${options.minPeople} or more people.\n`,
        );
        return;
      }
      best.options.forEach((option, i) => {
        const names = option.people.map((p) => p.name).join(', ');
        process.stdout.write(
          `${i + 1}. ${option.label}: ${option.people.length}/${best.answered} ${names}\n`,
        );
      });
    });
}
