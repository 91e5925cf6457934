import type { Command } from 'commander';
import { fillAvailabilityOperation } from '../operations/fill.ts';
import { runOperation } from '../operations/operation.ts';
import { contextFor, globalsOf, loggerFor } from './common.ts';

interface FillCliOptions {
  name: string;
  password: string;
  free?: string[];
  ics?: string;
  merge?: boolean;
  dryRun?: boolean;
  json?: boolean;
  timezone?: string;
  week?: string;
}

export function registerFillCommand(program: Command): void {
  program
    .command('fill')
    .description('Sign in and save your availability from free ranges or an iCalendar file.')
    .argument('<url>', 'event URL')
    .requiredOption('--name <name>', 'your name on this event')
    .option('--password <password>', 'your password on this event (optional on When2Meet)', '')
    .option('--free <range...>', 'free time: "2026-12-01 09:00-11:30" or "mon 09:00-11:30" (repeatable)')
    .option('--ics <file>', 'calendar file: its events are busy time, the rest is free')
    .option('--merge', 'keep the availability already saved and add the new')
    .option('--dry-run', 'print what would be sent and send nothing')
    .option('--json', 'print the result as one JSON object')
    .option('--timezone <iana>', "weekday events with --ics: zone of your calendar (default: this machine's)")
    .option('--week <date>', 'weekday events with --ics: a date in the calendar week to read')
    .action(async (url: string, options: FillCliOptions, command: Command) => {
      const globals = globalsOf(command);
      const result = await runOperation(
        fillAvailabilityOperation,
        {
          url,
          name: options.name,
          password: options.password,
          free: options.free,
          ics: options.ics,
          merge: Boolean(options.merge),
          // Unlike the agent tools, the command saves unless told not to.
          dryRun: Boolean(options.dryRun),
          timezone: options.timezone,
          week: options.week,
        },
        contextFor(globals),
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return;
      }
      const summary = `${result.available.length} of ${result.slots} slots available for ${result.name}`;
      const runs = result.free.join(', ') || 'none';
      if (!result.sent) {
        process.stdout.write(`Dry run, nothing sent. Would POST ${result.request.url} with:\n`);
        for (const [key, value] of Object.entries(result.request.fields)) {
          process.stdout.write(`  ${key}=${value}\n`);
        }
        process.stdout.write(`${summary}: ${runs}\n`);
        return;
      }
      loggerFor(globals).debug(`saved for person ${result.person}`);
      process.stdout.write(`Saved ${summary} (person ${result.person}): ${runs}\n`);
    });
}
