import { InputError } from 'kit';
import { SLOT_SECONDS } from './free.ts';
import type { BusyInterval } from './ical.ts';
import type { EventPage } from './protocol/page.ts';
import { type AvailabilityVector, buildVector } from './protocol/vector.ts';
import { wallClockUtc, weekdayOf, zonedToUnix } from './time.ts';

export interface SlotInstantOptions {
  /** Zone that gives weekday events (which have none) a real wall clock. */
  timeZone?: string;
  /** For weekday events: a YYYY-MM-DD inside the calendar week to read busy time from. */
  weekOf?: string;
  /** How the caller names the week in errors. Default `--week`. */
  field?: string;
}

/**
 * The real instant each slot starts at. Dated events: the page's timestamps as they are. Weekday
 * events: the placeholder's weekday and wall clock, placed in the chosen week and zone.
 */
export function slotInstants(page: EventPage, options: SlotInstantOptions = {}): number[] {
  if (page.kind === 'dates') return [...page.slots];
  const field = options.field ?? '--week';
  if (!options.weekOf || !options.timeZone) {
    throw InputError.expected(
      { field },
      'a date (YYYY-MM-DD) in the week to read from the calendar, since a weekday event has no dates',
      options.weekOf,
    );
  }
  const [y, m, d] = options.weekOf.split('-').map(Number) as [number, number, number];
  const anchor = new Date(Date.UTC(y, m - 1, d));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.weekOf) || anchor.getUTCDate() !== d) {
    throw InputError.expected({ field }, 'a real date as YYYY-MM-DD', options.weekOf);
  }
  const sundayMs = anchor.getTime() - anchor.getUTCDay() * 86_400_000;
  const zone = options.timeZone;
  return page.slots.map((slot) => {
    const clock = wallClockUtc(slot);
    const day = new Date(sundayMs + weekdayOf(clock) * 86_400_000);
    return zonedToUnix(
      {
        year: day.getUTCFullYear(),
        month: day.getUTCMonth() + 1,
        day: day.getUTCDate(),
        hour: clock.hour,
        minute: clock.minute,
      },
      zone,
    );
  });
}

/** Available = the slot's 15 minutes overlap no busy interval. Full length, page order. */
export function vectorFromBusy(
  page: EventPage,
  instants: readonly number[],
  busy: readonly BusyInterval[],
): AvailabilityVector {
  return buildVector(page.slots, (_slot, i) => {
    const start = instants[i]!;
    const end = start + SLOT_SECONDS;
    return !busy.some((interval) => interval.start < end && interval.end > start);
  });
}

export function calendarWindow(instants: readonly number[]): { start: number; end: number } {
  return { start: Math.min(...instants), end: Math.max(...instants) + SLOT_SECONDS };
}
