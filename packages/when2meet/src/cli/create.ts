import type { Command } from 'commander';
import { InputError } from 'kit';
import { z } from 'zod';
import { WEEKDAY_NAMES } from '../time.ts';
import { clientFor, globalsOf, parseOption, timeZoneOption } from './common.ts';

interface CreateOptions {
  name: string;
  dates?: string;
  days?: string;
  from: string;
  to: string;
  timezone?: string;
}

const wholeHour = z
  .string()
  .regex(/^(\d{1,2})(?::00)?$/)
  .transform((text) => Number(text.split(':')[0]))
  .pipe(z.number().int().min(0).max(24));

function weekdayNumber(word: string): number {
  const index = WEEKDAY_NAMES.indexOf(
    word.trim().toLowerCase().slice(0, 3) as (typeof WEEKDAY_NAMES)[number],
  );
  if (index < 0 || word.trim().length < 3) {
    throw InputError.expected({ field: '--days' }, 'weekdays like mon,wed,fri', word);
  }
  return index;
}

export function registerCreateCommand(program: Command): void {
  program
    .command('create')
    .description('Create an event and print its URL.')
    .requiredOption('--name <name>', 'event name')
    .option('--dates <list>', 'specific dates, comma separated: 2026-12-01,2026-12-03')
    .option('--days <list>', 'days of the week instead of dates: mon,wed,fri')
    .option('--from <hh:00>', 'first hour offered', '09:00')
    .option('--to <hh:00>', 'end of the last hour offered (24:00 = midnight)', '17:00')
    .option('--timezone <iana>', "event time zone (default: this machine's)")
    .action(async (options: CreateOptions, command: Command) => {
      if (!options.dates === !options.days) {
        throw new InputError({ field: '--dates/--days' }, 'give exactly one of --dates or --days');
      }
      const earliestHour = parseOption(wholeHour, options.from, '--from', 'a whole hour like 09:00');
      let latestHour = parseOption(
        wholeHour,
        options.to,
        '--to',
        'a whole hour like 17:00 (24:00 = midnight)',
      );
      if (latestHour === 0) latestHour = 24;
      if (earliestHour === 24 || latestHour <= earliestHour) {
        throw InputError.expected({ field: '--to' }, `an hour after --from ${options.from}`, options.to);
      }
      const timezone = timeZoneOption(options.timezone) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
      const dates = options.dates?.split(',').map((d) => d.trim());
      const weekdays = options.days?.split(',').map(weekdayNumber);
      const client = clientFor(globalsOf(command));
      const created = await client.createEvent({
        name: options.name,
        ...(dates ? { dates } : {}),
        ...(weekdays ? { weekdays } : {}),
        earliestHour,
        latestHour,
        timezone,
      });
      process.stdout.write(`${created.url}\n`);
    });
}
