import { z } from 'zod';
import type { LoadedEvent } from '../client.ts';
import { displayZone, runsOf, spanLabel } from '../format.ts';
import { describeEventSpan } from '../free.ts';
import { parseEventRef } from '../protocol/event-ref.ts';
import type { OperationContext } from './context.ts';
import { eventUrlField, timeZoneField } from './fields.ts';
import type { Operation } from './operation.ts';

const input = z.strictObject({
  url: eventUrlField,
  timezone: timeZoneField
    .optional()
    .describe("Show times in this IANA zone instead of the event's (dated events only)."),
});

const person = z.object({
  id: z.number(),
  name: z.string(),
  /** Unix seconds of each slot this person is available in. */
  available: z.array(z.number()),
  /** The same as readable runs, e.g. `Tue 2026-12-01 09:00-10:30`. */
  free: z.array(z.string()),
});

const output = z.object({
  id: z.number(),
  code: z.string(),
  url: z.string(),
  name: z.string(),
  /** IANA zone of a dated event; null for a days-of-the-week event. */
  timezone: z.string().nullable(),
  kind: z.enum(['dates', 'weekdays']),
  /** Days and hours offered, e.g. `2026-12-01 .. 2026-12-03, 09:00-17:00`. */
  span: z.string(),
  /** Zone the readable times are in; null for weekday events (wall-clock times). */
  shownIn: z.string().nullable(),
  /** Unix seconds of every slot start, in page order. */
  slots: z.array(z.number()),
  people: z.array(person),
});

export type EventView = z.output<typeof output>;

/** The event as every front end reports it: page data plus readable runs in `zone`. */
export function eventView(event: LoadedEvent, requestedZone?: string): EventView {
  const zone = displayZone(event, requestedZone);
  return {
    id: event.id,
    code: event.code,
    url: event.url,
    name: event.name,
    timezone: event.timezone,
    kind: event.kind,
    span: describeEventSpan(event),
    shownIn: zone,
    slots: event.slots,
    people: event.people.map((p) => ({
      id: p.id,
      name: p.name,
      available: p.available.map((index) => event.slots[index]!),
      free: runsOf(event.slots, p.available).map(([start, end]) => spanLabel(start, end, zone)),
    })),
  };
}

export const readEventOperation: Operation<typeof input, EventView> = {
  name: 'when2meet_read_event',
  title: 'Read a When2Meet poll',
  description:
    'Read a When2Meet poll: its name, time zone, the slots offered and, for each person, when they are ' +
    'free (unix seconds and readable ranges). Changes nothing.',
  effect: 'read',
  input,
  output,
  async run(request, context) {
    return eventView(await loadEvent(request, context), request.timezone);
  },
};

/** The page behind the view, for front ends that draw it (the CLI's heat map). */
export function loadEvent(request: { url: string }, context: OperationContext): Promise<LoadedEvent> {
  const ref = parseEventRef(request.url, context.field('url'));
  return context.client(ref).getEvent(ref);
}
