import { SLOT_SECONDS } from './free.ts';
import type { EventPage } from './protocol/page.ts';
import { formatDate, formatTime, wallClockAt, wallClockUtc, weekdayOf } from './time.ts';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The zone times are shown in: --timezone, else the event's; weekday events keep their wall clock. */
export function displayZone(event: Pick<EventPage, 'kind' | 'timezone'>, requested?: string): string | null {
  if (event.kind === 'weekdays') return null;
  return requested ?? event.timezone ?? 'UTC';
}

export function clockOf(unix: number, zone: string | null) {
  return zone === null ? wallClockUtc(unix) : wallClockAt(unix, zone);
}

export function dayLabel(unix: number, zone: string | null): string {
  const clock = clockOf(unix, zone);
  const name = DAY_NAMES[weekdayOf(clock)]!;
  return zone === null ? name : `${name} ${formatDate(clock)}`;
}

export function timeLabel(unix: number, zone: string | null): string {
  return formatTime(clockOf(unix, zone));
}

/** `Tue 2026-12-01 09:00-10:30`, or across days `Tue 2026-12-01 23:00 - Wed 2026-12-02 01:00`. */
export function spanLabel(start: number, end: number, zone: string | null): string {
  const sameDay = dayLabel(start, zone) === dayLabel(end - 1, zone);
  return sameDay
    ? `${dayLabel(start, zone)} ${timeLabel(start, zone)}-${timeLabel(end, zone).replace(/^00:00$/, '24:00')}`
    : `${dayLabel(start, zone)} ${timeLabel(start, zone)} - ${dayLabel(end, zone)} ${timeLabel(end, zone)}`;
}

/** Contiguous runs of slot indexes as [start, end) unix pairs. */
export function runsOf(slots: readonly number[], indexes: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const index of indexes) {
    const start = slots[index]!;
    const last = runs[runs.length - 1];
    if (last && last[1] === start) last[1] = start + SLOT_SECONDS;
    else runs.push([start, start + SLOT_SECONDS]);
  }
  return runs;
}
