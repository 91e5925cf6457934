import { InputError } from 'kit';
import { z } from 'zod';
import { fillAvailability } from '../fill.ts';
import { displayZone, runsOf, spanLabel } from '../format.ts';
import { parseFreeRange } from '../free.ts';
import { parseEventRef } from '../protocol/event-ref.ts';
import type { OperationContext } from './context.ts';
import { eventUrlField, timeZoneField } from './fields.ts';
import type { Operation } from './operation.ts';

const input = z.strictObject({
  url: eventUrlField,
  name: z
    .string({ error: 'your name on this event' })
    .trim()
    .min(1, { error: 'your name on this event' })
    .optional()
    .describe('Name to sign in as on this poll. Default: the configured name.'),
  password: z
    .string({ error: 'a password (text)' })
    .default('')
    .describe('Password for that name on this poll, if it has one. Never guess it.'),
  free: z
    .array(z.string(), { error: 'a list of free ranges like "2026-12-01 09:00-11:30"' })
    .min(1, { error: 'at least one free range' })
    .optional()
    .describe(
      'Free time in the event time zone: "2026-12-01 09:00-11:30", or "mon 09:00-11:30" on a weekday poll.',
    ),
  ics: z
    .string({ error: 'the path of an .ics file' })
    .min(1, { error: 'the path of an .ics file' })
    .optional()
    .describe('Path of an iCalendar (.ics) file: its events are busy time, the rest is free.'),
  icsText: z
    .string({ error: 'the text of an iCalendar file' })
    .min(1, { error: 'the text of an iCalendar file' })
    .optional()
    .describe('The iCalendar text itself, instead of a path.'),
  merge: z
    .boolean({ error: 'true or false' })
    .default(false)
    .describe('Keep what this person already saved and add to it. Default: replace.'),
  dryRun: z
    .boolean({ error: 'true or false' })
    .default(true)
    .describe('Build everything and send nothing, not even the sign-in. Default true: set false to save.'),
  timezone: timeZoneField
    .optional()
    .describe(
      "Weekday polls with a calendar: the calendar's zone. Default: the configured one, else this machine's.",
    ),
  week: z
    .string({ error: 'a date (YYYY-MM-DD)' })
    .optional()
    .describe('Weekday polls with a calendar: a date (YYYY-MM-DD) in the calendar week to read.'),
});

const output = z.object({
  url: z.string(),
  name: z.string(),
  /** False on a dry run: nothing at all went to the server. */
  sent: z.boolean(),
  /** Person id on the event; null on a dry run for a name not on it yet. */
  person: z.number().nullable(),
  slots: z.number(),
  /** Unix seconds of every slot saved (or to be saved) as available. */
  available: z.array(z.number()),
  /** The same as readable ranges in the event's zone. */
  free: z.array(z.string()),
  /** The SaveTimes.php request, as sent or as it would be sent; the password is never shown. */
  request: z.object({ method: z.literal('POST'), url: z.string(), fields: z.record(z.string(), z.string()) }),
});

async function calendar(request: z.output<typeof input>, context: OperationContext) {
  if (request.icsText !== undefined) return { text: request.icsText, source: context.field('icsText') };
  if (request.ics === undefined) return undefined;
  try {
    return { text: await context.readText(request.ics), source: request.ics };
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError({ file: request.ics }, `cannot read the calendar (${code}), check the path`);
  }
}

export const fillAvailabilityOperation: Operation<typeof input, z.output<typeof output>> = {
  name: 'when2meet_fill_availability',
  title: 'Fill in availability',
  description:
    "Save a person's availability on a When2Meet poll from free ranges or an iCalendar file. Every save " +
    'sends one value for every slot and is read back, so nothing lands on the wrong day. Runs as a dry ' +
    'run unless dryRun is false: show the user what would be saved and ask before saving.',
  effect: 'write',
  input,
  output,
  async run(request, context) {
    const sources = [request.free, request.ics, request.icsText].filter((s) => s !== undefined).length;
    if (sources !== 1) {
      const fields = [...new Set(['free', 'ics', 'icsText'].map(context.field))];
      throw new InputError({ field: fields.join('/') }, `give exactly one of ${fields.join(', ')}`);
    }
    const name = request.name ?? context.defaults.name;
    if (!name) {
      throw InputError.expected(
        { field: context.field('name') },
        'your name on this event (none given and no default name configured)',
        undefined,
      );
    }
    const ref = parseEventRef(request.url, context.field('url'));
    const free = request.free?.map((text) => parseFreeRange(text, context.field('free')));
    const ics = await calendar(request, context);
    const timeZone = request.timezone ?? context.defaults.timeZone;
    const client = context.client(ref);
    const result = await fillAvailability(client, ref, {
      name,
      password: request.password,
      ...(free ? { free } : {}),
      ...(ics ? { ics } : {}),
      merge: request.merge,
      dryRun: request.dryRun,
      ...(timeZone ? { timeZone } : {}),
      ...(request.week ? { weekOf: request.week } : {}),
      fields: { free: context.field('free'), week: context.field('week') },
    });
    const { event, vector } = result;
    const indexes = [...vector.keys()].filter((i) => vector[i] === 1);
    const zone = displayZone(event, undefined);
    return {
      url: event.url,
      name,
      sent: result.sent,
      person: result.personId,
      slots: event.slots.length,
      available: indexes.map((i) => event.slots[i]!),
      free: runsOf(event.slots, indexes).map(([start, end]) => spanLabel(start, end, zone)),
      request: {
        method: 'POST' as const,
        url: `${client.baseUrl}/SaveTimes.php`,
        fields: { ...result.form, password: result.form.password ? '(hidden)' : '' },
      },
    };
  },
};
