import { InputError } from 'kit';
import { z } from 'zod';
import { isRealIsoDate } from '../time.ts';
import { timeZoneField, weekdayField, wholeHourField } from './fields.ts';
import type { Operation } from './operation.ts';

const input = z.strictObject({
  name: z
    .string({ error: 'a non-empty event name' })
    .trim()
    .min(1, { error: 'a non-empty event name' })
    .describe('Event name shown on the poll.'),
  dates: z
    .array(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a real date as YYYY-MM-DD' })
        .refine(isRealIsoDate, { error: 'a real date as YYYY-MM-DD' }),
      {
        error: 'a list of dates as YYYY-MM-DD',
      },
    )
    .min(1, { error: 'at least one date' })
    .optional()
    .describe('Specific dates to offer, YYYY-MM-DD. Give either dates or days.'),
  days: z
    .array(weekdayField, { error: 'a list of weekdays like mon, wed, fri' })
    .min(1, { error: 'at least one weekday' })
    .optional()
    .describe('Days of the week instead of dates: mon, tue, wed, thu, fri, sat, sun.'),
  from: wholeHourField.default(9).describe('First hour offered, a whole hour like 09:00. Default 09:00.'),
  to: wholeHourField
    .default(17)
    .describe('End of the last hour offered, a whole hour like 17:00; 24:00 is midnight. Default 17:00.'),
  timezone: timeZoneField
    .optional()
    .describe(
      "IANA time zone of the event, e.g. Europe/Berlin. Default: the configured one, else this machine's.",
    ),
});

const output = z.object({
  url: z.string(),
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(['dates', 'weekdays']),
  timezone: z.string(),
});

export const createEventOperation: Operation<typeof input, z.output<typeof output>> = {
  name: 'when2meet_create_event',
  title: 'Create a When2Meet poll',
  description:
    'Create a When2Meet availability poll on specific dates or on days of the week and return its URL ' +
    'for the user to share. Hours are whole hours in the event time zone.',
  effect: 'create',
  input,
  output,
  async run(request, context) {
    const { dates, days } = request;
    if ((dates === undefined) === (days === undefined)) {
      const both = `${context.field('dates')} or ${context.field('days')}`;
      throw new InputError(
        { field: `${context.field('dates')}/${context.field('days')}` },
        `give exactly one of ${both}`,
      );
    }
    const latestHour = request.to === 0 ? 24 : request.to;
    if (request.from === 24 || latestHour <= request.from) {
      throw InputError.expected(
        { field: context.field('to') },
        `an hour after ${context.field('from')} ${String(request.from).padStart(2, '0')}:00`,
        request.to,
      );
    }
    const timezone =
      request.timezone ?? context.defaults.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const created = await context.client().createEvent({
      name: request.name,
      ...(dates ? { dates } : {}),
      ...(days ? { weekdays: days } : {}),
      earliestHour: request.from,
      latestHour,
      timezone,
    });
    return { ...created, name: request.name, kind: dates ? 'dates' : 'weekdays', timezone };
  },
};
