import { InputError } from 'kit';
import type { EventPage } from './protocol/page.ts';
import { type AvailabilityVector, buildVector } from './protocol/vector.ts';
import {
  formatDate,
  formatTime,
  isRealIsoDate,
  WEEKDAY_NAMES,
  wallClockAt,
  wallClockUtc,
  weekdayNumber,
  weekdayOf,
} from './time.ts';

export const SLOT_SECONDS = 900;

/** A free range as the user typed it: a day (date or weekday) and wall-clock minutes [from, to). */
export interface FreeRange {
  text: string;
  date?: string;
  weekday?: number;
  fromMinute: number;
  toMinute: number;
}

const RANGE = /^\s*(\d{4}-\d{2}-\d{2}|[a-z]{3,9})\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/i;
const EXPECTED = 'a day and hours like "2026-12-01 09:00-11:30" or "mon 09:00-11:30"';

function minuteOfDay(hour: string, minute: string): number | undefined {
  const h = Number(hour);
  const m = Number(minute);
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) return undefined;
  return h * 60 + m;
}

export function parseFreeRange(text: string, field = '--free'): FreeRange {
  const match = RANGE.exec(text);
  if (!match) throw InputError.expected({ field }, EXPECTED, text);
  const [, day, h1, m1, h2, m2] = match as unknown as [string, string, string, string, string, string];
  const fromMinute = minuteOfDay(h1, m1);
  const toMinute = minuteOfDay(h2, m2);
  if (fromMinute === undefined || toMinute === undefined) {
    throw InputError.expected({ field }, 'times between 00:00 and 24:00', text);
  }
  if (toMinute <= fromMinute) throw InputError.expected({ field }, 'an end time after the start time', text);
  if (/^\d/.test(day)) {
    if (!isRealIsoDate(day)) throw InputError.expected({ field }, 'a real calendar date (YYYY-MM-DD)', text);
    return { text, date: day, fromMinute, toMinute };
  }
  const weekday = weekdayNumber(day);
  if (weekday === undefined) throw InputError.expected({ field }, EXPECTED, text);
  return { text, weekday, fromMinute, toMinute };
}

/** Wall clock of a slot as the event shows it: event zone for dates, placeholder UTC for weekdays. */
export function slotWallClock(page: Pick<EventPage, 'kind' | 'timezone'>, slotStart: number) {
  if (page.kind === 'weekdays' || !page.timezone) return wallClockUtc(slotStart);
  return wallClockAt(slotStart, page.timezone);
}

function rangeCovers(range: FreeRange, date: string, weekday: number, minute: number): boolean {
  if (range.date !== undefined && range.date !== date) return false;
  if (range.weekday !== undefined && range.weekday !== weekday) return false;
  return minute >= range.fromMinute && minute + SLOT_SECONDS / 60 <= range.toMinute;
}

/**
 * The full-length vector for free ranges. A slot is available when it lies wholly inside a range.
 * Weekday events match by weekday and wall clock; a dated range on one counts for its weekday.
 * A range that matches no slot is an error: it is almost always a typo or the wrong event.
 */
export function vectorFromFreeRanges(
  page: EventPage,
  ranges: readonly FreeRange[],
  field = '--free',
): AvailabilityVector {
  const hits = new Array<number>(ranges.length).fill(0);
  const normalised = ranges.map((range) =>
    page.kind === 'weekdays' && range.date !== undefined
      ? { ...range, weekday: weekdayOf(parseIsoDate(range.date)), date: undefined }
      : range,
  );
  const vector = buildVector(page.slots, (slotStart) => {
    const clock = slotWallClock(page, slotStart);
    const date = formatDate(clock);
    const weekday = weekdayOf(clock);
    const minute = clock.hour * 60 + clock.minute;
    let free = false;
    normalised.forEach((range, i) => {
      if (rangeCovers(range, date, weekday, minute)) {
        hits[i]!++;
        free = true;
      }
    });
    return free;
  });
  const missed = hits.indexOf(0);
  if (missed >= 0) {
    throw InputError.expected(
      { field },
      `a range inside the event (${describeEventSpan(page)})`,
      ranges[missed]!.text,
    );
  }
  return vector;
}

function parseIsoDate(text: string) {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** "2026-12-01 .. 2026-12-03, 09:00-17:00" or "mon, wed, fri, 09:00-12:00". */
export function describeEventSpan(page: EventPage): string {
  const days: string[] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const slot of page.slots) {
    const clock = slotWallClock(page, slot);
    const day = page.kind === 'weekdays' ? WEEKDAY_NAMES[weekdayOf(clock)]! : formatDate(clock);
    if (days[days.length - 1] !== day) days.push(day);
    const minute = clock.hour * 60 + clock.minute;
    first = Math.min(first, minute);
    last = Math.max(last, minute + SLOT_SECONDS / 60);
  }
  const span = `${formatTime({ hour: Math.floor(first / 60), minute: first % 60 })}-${formatTime({ hour: Math.floor(last / 60), minute: last % 60 })}`;
  const dayText =
    page.kind === 'weekdays' || days.length <= 2 ? days.join(', ') : `${days[0]} .. ${days.at(-1)}`;
  return `${dayText}, ${span}`;
}
