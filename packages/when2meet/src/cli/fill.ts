import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError } from 'kit';
import { fillAvailability } from '../fill.ts';
import { parseFreeRange } from '../free.ts';
import { countAvailable } from '../protocol/vector.ts';
import { clientFor, eventArgument, globalsOf, loggerFor, timeZoneOption } from './common.ts';
import { displayZone, runsOf, spanLabel } from './format.ts';

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
      const ref = eventArgument(url);
      const hasFree = (options.free?.length ?? 0) > 0;
      if (hasFree === Boolean(options.ics)) {
        throw new InputError({ field: '--free/--ics' }, 'give either --free ranges or --ics <file>');
      }
      const free = options.free?.map((text) => parseFreeRange(text));
      let ics: { text: string; source: string } | undefined;
      if (options.ics) {
        try {
          ics = { text: await readFile(options.ics, 'utf8'), source: options.ics };
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
          throw new InputError({ file: options.ics }, `cannot read the calendar (${code}), check the path`);
        }
      }
      const timeZone = timeZoneOption(options.timezone);
      const globals = globalsOf(command);
      const client = clientFor(globals, ref);
      const result = await fillAvailability(client, ref, {
        name: options.name,
        password: options.password,
        ...(free ? { free } : {}),
        ...(ics ? { ics } : {}),
        merge: Boolean(options.merge),
        dryRun: Boolean(options.dryRun),
        ...(timeZone ? { timeZone } : {}),
        ...(options.week ? { weekOf: options.week } : {}),
      });

      const { event, vector } = result;
      const available = [...vector.keys()].filter((i) => vector[i] === 1);
      if (options.json) {
        const shown = { ...result.form, password: result.form.password ? '(hidden)' : '' };
        process.stdout.write(
          `${JSON.stringify({
            url: event.url,
            sent: result.sent,
            person: result.personId,
            slots: event.slots.length,
            available: available.map((i) => event.slots[i]!),
            request: { method: 'POST', url: `${client.baseUrl}/SaveTimes.php`, fields: shown },
          })}\n`,
        );
        return;
      }
      const zone = displayZone(event, undefined);
      const runs = runsOf(event.slots, available).map(([start, end]) => spanLabel(start, end, zone));
      const summary = `${countAvailable(vector)} of ${event.slots.length} slots available for ${options.name}`;
      if (!result.sent) {
        process.stdout.write(`Dry run, nothing sent. Would POST ${client.baseUrl}/SaveTimes.php with:\n`);
        for (const [key, value] of Object.entries(result.form)) {
          process.stdout.write(`  ${key}=${key === 'password' && value ? '(hidden)' : value}\n`);
        }
        process.stdout.write(`${summary}: ${runs.join(', ') || 'none'}\n`);
        return;
      }
      loggerFor(globals).debug(`saved for person ${result.personId}`);
      process.stdout.write(`Saved ${summary} (person ${result.personId}): ${runs.join(', ') || 'none'}\n`);
    });
}
