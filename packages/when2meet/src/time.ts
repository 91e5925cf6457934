// Time zone arithmetic on top of Intl, which carries the full IANA database through ICU.
// ical.js ships no zone data and the network is not ours to use, so every wall-clock <-> instant
// conversion in this package goes through here.

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when Intl knows the zone (IANA names and a few aliases such as UTC). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at a unix time in seconds. */
export function wallClockAt(unixSeconds: number, timeZone: string): Required<WallClock> {
  const parts = formatterFor(timeZone).formatToParts(new Date(unixSeconds * 1000));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? Number.NaN);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

/** The wall clock of a weekday-event placeholder slot: the time was encoded as if UTC. */
export function wallClockUtc(unixSeconds: number): Required<WallClock> {
  const date = new Date(unixSeconds * 1000);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

function wallClockAsUtcMs(clock: WallClock): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second ?? 0);
}

/** Offset of `timeZone` from UTC at an instant, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const seconds = Math.floor(ms / 1000);
  return wallClockAsUtcMs(wallClockAt(seconds, timeZone)) - seconds * 1000;
}

/**
 * The unix time (s) of a wall-clock time in `timeZone`. A time that happens twice (clocks going
 * back) maps to the earlier instant; a time skipped by clocks going forward maps to the instant
 * an hour later, like Temporal's "compatible" disambiguation and like calendar apps.
 */
export function zonedToUnix(clock: WallClock, timeZone: string): number {
  const local = wallClockAsUtcMs(clock);
  const day = 86_400_000;
  const before = offsetAt(local - day, timeZone);
  const after = offsetAt(local + day, timeZone);
  const candidates = [local - before, local - after].filter(
    (ms, i) => offsetAt(ms, timeZone) === (i === 0 ? before : after),
  );
  const chosen = candidates.length > 0 ? Math.min(...candidates) : local - before;
  return Math.round(chosen / 1000);
}

export const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const FULL_WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** `mon`, `Tues`, `wednesday` -> 1, 2, 3 (0 = Sunday); undefined for anything else. */
export function weekdayNumber(word: string): number | undefined {
  const lower = word.trim().toLowerCase();
  const index = FULL_WEEKDAYS.findIndex((full) => full.startsWith(lower));
  return lower.length >= 3 && index >= 0 ? index : undefined;
}

/** A YYYY-MM-DD that names a real calendar day. */
export function isRealIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Day of week (0 = Sunday) of a calendar date. */
export function weekdayOf(clock: Pick<WallClock, 'year' | 'month' | 'day'>): number {
  return new Date(Date.UTC(clock.year, clock.month - 1, clock.day)).getUTCDay();
}

export function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

export function formatDate(clock: Pick<WallClock, 'year' | 'month' | 'day'>): string {
  return `${clock.year}-${pad2(clock.month)}-${pad2(clock.day)}`;
}

export function formatTime(clock: Pick<WallClock, 'hour' | 'minute'>): string {
  return `${pad2(clock.hour)}:${pad2(clock.minute)}`;
}
