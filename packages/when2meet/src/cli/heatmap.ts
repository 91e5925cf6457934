import { clockOf, dayLabel } from '../format.ts';
import type { EventPage } from '../protocol/page.ts';

const SHADES = ['░', '▒', '▓'];

function shade(count: number, total: number): string {
  if (count === 0 || total === 0) return '·';
  if (count === total) return '█';
  return SHADES[
    Math.min(SHADES.length - 1, Math.floor(((count - 1) / Math.max(1, total - 1)) * SHADES.length))
  ]!;
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
  // Row keys are minute * 2, plus 1 for the second run of an hour repeated when clocks go back.
  const rows = new Set<number>();
  event.slots.forEach((slot, i) => {
    const column = dayLabel(slot, zone);
    if (!columns.includes(column)) columns.push(column);
    const clock = clockOf(slot, zone);
    let row = (clock.hour * 60 + clock.minute) * 2;
    if (cells.has(`${column}|${row}`)) row += 1;
    rows.add(row);
    cells.set(`${column}|${row}`, shade(counts[i]!, event.people.length));
  });

  const width = zone === null ? 4 : 6;
  const header = (part: (label: string) => string) =>
    `      ${columns.map((c) => part(c).padEnd(width)).join('')}`.trimEnd();
  const lines = [
    header((label) => label.slice(0, 3)),
    ...(zone === null ? [] : [header((label) => label.slice(9))]),
  ];
  for (const row of [...rows].sort((a, b) => a - b)) {
    const minute = Math.floor(row / 2);
    const label = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}${row % 2 ? "'" : ''}`;
    const cellsText = columns
      .map((column) => ` ${cells.get(`${column}|${row}`) ?? ' '}`.padEnd(width))
      .join('');
    lines.push(`${label.padEnd(6)}${cellsText}`.trimEnd());
  }
  lines.push(`      · nobody  ░▒▓ some  █ all ${event.people.length}`);
  return lines.join('\n');
}
