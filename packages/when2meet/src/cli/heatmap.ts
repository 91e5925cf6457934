import type { EventPage } from '../protocol/page.ts';
import { clockOf, dayLabel } from './format.ts';

const SHADES = ['░', '▒', '▓'];

function shade(count: number, total: number): string {
  if (count === 0 || total === 0) return '·';
  if (count === total) return '█';
  return SHADES[Math.min(SHADES.length - 1, Math.floor(((count - 1) / Math.max(1, total - 1)) * SHADES.length))]!;
}

/**
 * A compact grid: one column per day, one row per quarter hour, shaded by how many people are
 * free. Days with fewer slots (DST) just leave blanks; slot times come from the page.
 */
export function renderHeatmap(event: EventPage, zone: string | null): string {
  const counts = new Uint16Array(event.slots.length);
  for (const person of event.people) for (const index of person.available) counts[index]!++;

  const columns: string[] = [];
  const cells = new Map<string, string>();
  const minutes = new Set<number>();
  event.slots.forEach((slot, i) => {
    const column = dayLabel(slot, zone);
    if (!columns.includes(column)) columns.push(column);
    const clock = clockOf(slot, zone);
    const minute = clock.hour * 60 + clock.minute;
    minutes.add(minute);
    cells.set(`${column}|${minute}`, shade(counts[i]!, event.people.length));
  });

  const width = zone === null ? 4 : 6;
  const header = (part: (label: string) => string) =>
    `      ${columns.map((c) => part(c).padEnd(width)).join('')}`.trimEnd();
  const lines = [
    header((label) => label.slice(0, 3)),
    ...(zone === null ? [] : [header((label) => label.slice(9))]),
  ];
  for (const minute of [...minutes].sort((a, b) => a - b)) {
    const label = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
    const row = columns.map((column) => ` ${cells.get(`${column}|${minute}`) ?? ' '}`.padEnd(width)).join('');
    lines.push(`${label} ${row}`.trimEnd());
  }
  lines.push(`      · nobody  ░▒▓ some  █ all ${event.people.length}`);
  return lines.join('\n');
}
