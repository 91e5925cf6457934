import { calendarWindow, slotInstants, vectorFromBusy } from './busy.ts';
import type { LoadedEvent, When2MeetClient } from './client.ts';
import { When2MeetProtocolError } from './errors.ts';
import { type FreeRange, vectorFromFreeRanges } from './free.ts';
import { busyIntervalsFromIcs } from './ical.ts';
import type { EventRef } from './protocol/event-ref.ts';
import { saveTimesForm } from './protocol/forms.ts';
import { type AvailabilityVector, unionVectors, vectorFromIndexes } from './protocol/vector.ts';

export interface FillRequest {
  name: string;
  password: string;
  /** Either free ranges or a calendar whose events are busy time. */
  free?: readonly FreeRange[];
  ics?: { text: string; source: string };
  /** Keep the person's current availability and add the new. */
  merge?: boolean;
  /** Build everything, send nothing (not even the sign-in, which would create the person). */
  dryRun?: boolean;
  /** Weekday events with --ics: the zone and a date in the calendar week to read. */
  timeZone?: string;
  weekOf?: string;
  /** How the caller names the free ranges and the week in errors (default `--free`, `--week`). */
  fields?: { free: string; week: string };
}

export interface FillResult {
  event: LoadedEvent;
  /** null in a dry run for a name not yet on the event (the id comes from sign-in). */
  personId: number | null;
  previous: AvailabilityVector;
  vector: AvailabilityVector;
  /** The SaveTimes.php form fields, as sent or as they would be sent. */
  form: Record<string, string>;
  sent: boolean;
}

/** The vector the request asks for, full length, before any merge. Pure apart from parsing. */
export function requestedVector(event: LoadedEvent, request: FillRequest): AvailabilityVector {
  if (request.free && request.free.length > 0) {
    return vectorFromFreeRanges(event, request.free, request.fields?.free);
  }
  if (request.ics) {
    const zone = event.timezone ?? request.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const instants = slotInstants(event, {
      timeZone: zone,
      weekOf: request.weekOf,
      ...(request.fields ? { field: request.fields.week } : {}),
    });
    const busy = busyIntervalsFromIcs(request.ics.text, {
      source: request.ics.source,
      timeZone: zone,
      window: calendarWindow(instants),
    });
    return vectorFromBusy(event, instants, busy);
  }
  throw new Error('fill needs free ranges or a calendar');
}

function personVector(event: LoadedEvent, personId: number | null): AvailabilityVector {
  const person = personId === null ? undefined : event.people.find((p) => p.id === personId);
  return vectorFromIndexes(event.slots.length, person?.available ?? []);
}

export async function fillAvailability(
  client: When2MeetClient,
  ref: Pick<EventRef, 'id' | 'code'>,
  request: FillRequest,
): Promise<FillResult> {
  const event = await client.getEvent(ref);
  // Input problems surface before anything is posted.
  const requested = requestedVector(event, request);

  let personId: number | null;
  if (request.dryRun) {
    personId = event.people.find((p) => p.name === request.name)?.id ?? null;
  } else {
    personId = await client.signIn(event.id, request.name, request.password);
  }
  const previous = personVector(event, personId);
  const vector = request.merge ? unionVectors(previous, requested) : requested;
  const form = Object.fromEntries(
    saveTimesForm({
      personId: personId ?? 0,
      eventId: event.id,
      slots: event.slots,
      vector,
      password: request.password,
    }),
  );
  if (personId === null) form.person = '(assigned at sign-in)';
  if (request.dryRun) return { event, personId, previous, vector, form, sent: false };

  await client.saveTimes({
    personId: personId!,
    eventId: event.id,
    slots: event.slots,
    vector,
    password: request.password,
  });

  // Read back: the server stores by position, so check every position landed where we meant it.
  const after = await client.getEvent(ref);
  if (after.slots.length !== event.slots.length || after.slots.some((t, i) => t !== event.slots[i])) {
    throw new When2MeetProtocolError(after.url, 'the event slots changed while saving', 'run fill again');
  }
  const stored = personVector(after, personId);
  const wrong = vector.findIndex((bit, i) => stored[i] !== bit);
  if (wrong >= 0) {
    throw new When2MeetProtocolError(
      after.url,
      `saved availability differs from what was sent, first at slot ${wrong} (${event.slots[wrong]})`,
      'run fill again; if it persists the page format has changed, please report it',
    );
  }
  return { event: after, personId, previous, vector, form, sent: true };
}
