import type { Command } from 'commander';
import { parseNumberFlag } from 'kit';
import { z } from 'zod';
import { bestMeetingTimes } from '../best.ts';
import { SLOT_SECONDS } from '../free.ts';
import { clientFor, eventArgument, globalsOf, parseOption, timeZoneOption } from './common.ts';
import { displayZone, spanLabel, timeLabel } from './format.ts';

interface BestCliOptions {
  duration: string;
  minPeople: string;
  limit: string;
  json?: boolean;
  timezone?: string;
}

/** `60m`, `1h`, `1h30m`, `90` (minutes); a multiple of 15 minutes. */
export const durationSchema = z
  .string()
  .regex(/^(?:(\d+)h)?(?:(\d+)m?)?$/i)
  .refine((text) => text.length > 0)
  .transform((text) => {
    const match = /^(?:(\d+)h)?(?:(\d+)m?)?$/i.exec(text)!;
    return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
  })
  .pipe(
    z
      .number()
      .int()
      .positive()
      .multipleOf(SLOT_SECONDS / 60),
  );

export function registerBestCommand(program: Command): void {
  program
    .command('best')
    .description('Rank meeting times by how many people can come.')
    .argument('<url>', 'event URL')
    .option('--duration <time>', 'meeting length: 30m, 1h, 1h30m', '60m')
    .option('--min-people <n>', 'only times at least this many people can make', '1')
    .option('--limit <n>', 'show at most this many', '10')
    .option('--json', 'print a JSON array')
    .option('--timezone <iana>', 'show times in this zone')
    .action(async (url: string, options: BestCliOptions, command: Command) => {
      const ref = eventArgument(url);
      const durationMinutes = parseOption(
        durationSchema,
        options.duration,
        '--duration',
        'a length in 15-minute steps like 30m, 1h, 1h30m',
      );
      const minPeople = parseNumberFlag('--min-people', options.minPeople, {
        integer: true,
        min: 1,
        unit: 'people',
      });
      const limit = parseNumberFlag('--limit', options.limit, { integer: true, min: 1 });
      const zoneOption = timeZoneOption(options.timezone);
      const event = await clientFor(globalsOf(command), ref).getEvent(ref);
      const ranked = bestMeetingTimes(event, { durationMinutes, minPeople, limit });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(ranked)}\n`);
        return;
      }
      const zone = displayZone(event, zoneOption);
      if (ranked.length === 0) {
        process.stdout.write(`No ${durationMinutes}-minute time suits ${minPeople} or more people.\n`);
        return;
      }
      ranked.forEach((option, i) => {
        const starts =
          option.latestStart > option.start
            ? ` (start ${timeLabel(option.start, zone)}-${timeLabel(option.latestStart, zone)})`
            : '';
        const names = option.people.map((p) => p.name).join(', ');
        process.stdout.write(
          `${i + 1}. ${spanLabel(option.start, option.end, zone)}${starts}: ${option.people.length}/${event.people.length} ${names}\n`,
        );
      });
    });
}
