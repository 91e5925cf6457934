import { InputError } from 'kit';
import { z } from 'zod';
import { isRealIsoDate } from '../time.ts';
import { type AvailabilityVector, assertFullLength, vectorToString } from './vector.ts';

export const createEventSchema = z
  .object({
    name: z.string().trim().min(1, 'a non-empty event name'),
    dates: z.array(z.string().refine(isRealIsoDate, 'dates as YYYY-MM-DD')).min(1).optional(),
    weekdays: z.array(z.number().int().min(0).max(6)).min(1).optional(),
    /** Whole hours: the first hour offered (0-23). */
    earliestHour: z.number().int().min(0).max(23),
    /** Whole hours: the end of the last hour offered, 1-24 (24 = midnight, sent as 0). */
    latestHour: z.number().int().min(1).max(24),
    timezone: z.string().min(1),
  })
  .refine((input) => (input.dates ? 1 : 0) + (input.weekdays ? 1 : 0) === 1, {
    message: 'exactly one of dates or weekdays',
  })
  .refine((input) => input.latestHour > input.earliestHour, { message: 'the end hour after the start hour' });

export type CreateEventInput = z.input<typeof createEventSchema>;

/** The multipart form SaveNewEvent.php expects. */
export function createEventForm(input: CreateEventInput): FormData {
  const parsed = createEventSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw InputError.expected({ field: issue.path.join('.') || 'event' }, issue.message, undefined);
  }
  const event = parsed.data;
  const form = new FormData();
  form.set('NewEventName', event.name);
  form.set('DateTypes', event.dates ? 'SpecificDates' : 'DaysOfTheWeek');
  const possible = event.dates ? [...new Set(event.dates)].sort() : [...new Set(event.weekdays)].sort();
  form.set('PossibleDates', possible.join('|'));
  form.set('NoEarlierThan', String(event.earliestHour));
  form.set('NoLaterThan', String(event.latestHour % 24));
  form.set('TimeZone', event.timezone);
  return form;
}

export function loginForm(eventId: number, name: string, password: string): URLSearchParams {
  return new URLSearchParams({ id: String(eventId), name, password });
}

export interface SaveTimesInput {
  personId: number;
  eventId: number;
  /** Every slot of the event, in page order. */
  slots: readonly number[];
  /** One 0/1 per slot, same order. */
  vector: AvailabilityVector;
  password: string;
}

/**
 * The SaveTimes.php form. `slots` lists every slot and `availability` covers the whole event:
 * the lengths are asserted here, so a misplacing form can never be built.
 */
export function saveTimesForm(input: SaveTimesInput): URLSearchParams {
  assertFullLength(input.vector, input.slots.length, 'the availability vector');
  const availability = vectorToString(input.vector);
  assertFullLength(availability, input.slots.length, 'the availability string');
  if (!/^[01]*$/.test(availability)) {
    throw new RangeError(`availability vector holds values other than 0 and 1, nothing was sent`);
  }
  return new URLSearchParams({
    person: String(input.personId),
    event: String(input.eventId),
    slots: input.slots.join(','),
    availability,
    password: input.password,
    ChangeToAvailable: 'true',
  });
}
