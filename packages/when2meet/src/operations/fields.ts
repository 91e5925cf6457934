// Input fields shared by every front end. Each carries the words of its error (`expected ...`), so
// the CLI (`--from: expected a whole hour like 09:00`) and the agent tools (`from: expected ...`)
// say the same thing about the same mistake.
import { z } from 'zod';
import { SLOT_SECONDS } from '../free.ts';
import { isValidTimeZone, weekdayNumber } from '../time.ts';

export const eventUrlField = z
  .string({ error: 'a When2Meet URL like https://www.when2meet.com/?123-AbCdE' })
  .describe('The event URL, e.g. https://www.when2meet.com/?123-AbCdE');

export const timeZoneField = z
  .string({ error: 'an IANA time zone such as America/Los_Angeles' })
  .refine(isValidTimeZone, { error: 'an IANA time zone such as America/Los_Angeles' });

const HOUR = /^(\d{1,2})(?::00)?$/;

/** A whole hour, `09:00`, `9` or 9; 24 (or 24:00) is midnight at the end of the day. */
const HOUR_EXPECTED = { error: 'a whole hour like 09:00' };
export const wholeHourField = z
  .union([z.number(HOUR_EXPECTED), z.string(HOUR_EXPECTED).regex(HOUR, HOUR_EXPECTED)], HOUR_EXPECTED)
  .transform((value) => (typeof value === 'number' ? value : Number(HOUR.exec(value)![1])))
  .pipe(z.number().int(HOUR_EXPECTED).min(0, HOUR_EXPECTED).max(24, HOUR_EXPECTED));

/** `mon`, `Monday`, `wed`: the weekday number, 0 = Sunday as When2Meet counts. */
export const weekdayField = z.string({ error: 'weekdays like mon, wed, fri' }).transform((word, context) => {
  const index = weekdayNumber(word);
  if (index !== undefined) return index;
  context.addIssue({ code: 'custom', message: 'weekdays like mon, wed, fri', input: word });
  return z.NEVER;
});

const DURATION = /^(?:(\d+)h)?(?:(\d+)m?)?$/i;

/** `60m`, `1h`, `1h30m`, `90` or 90 (minutes); a multiple of 15 minutes. */
const DURATION_EXPECTED = { error: 'a length in 15-minute steps like 30m, 1h, 1h30m' };
export const durationField = z
  .union(
    [
      z.number(DURATION_EXPECTED),
      z.string(DURATION_EXPECTED).regex(DURATION, DURATION_EXPECTED).min(1, DURATION_EXPECTED),
    ],
    DURATION_EXPECTED,
  )
  .transform((value) => {
    if (typeof value === 'number') return value;
    const match = DURATION.exec(value)!;
    return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
  })
  .pipe(
    z
      .number()
      .int(DURATION_EXPECTED)
      .positive(DURATION_EXPECTED)
      .multipleOf(SLOT_SECONDS / 60, DURATION_EXPECTED),
  );

export const positiveCountField = (expected: string) =>
  z.coerce.number({ error: expected }).int({ error: expected }).positive({ error: expected });
