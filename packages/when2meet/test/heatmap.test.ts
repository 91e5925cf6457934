import { describe, expect, it } from 'vitest';
import { renderHeatmap } from '../src/cli/heatmap.ts';
import { parseEventPage } from '../src/protocol/page.ts';
import { renderPage, When2MeetEmulator } from './emulator.ts';

function allDay(dates: string, zone: string) {
  const emulator = new When2MeetEmulator();
  const event = emulator.createEvent({
    NewEventName: 'h',
    DateTypes: 'SpecificDates',
    PossibleDates: dates,
    NoEarlierThan: '0',
    NoLaterThan: '0',
    TimeZone: zone,
  });
  event.people.push({ id: 1, name: 'A', password: '', available: new Set([0, 1, 2, 3]) });
  event.people.push({ id: 2, name: 'B', password: '', available: new Set([0]) });
  return parseEventPage(renderPage(event), 'emulator');
}

describe('renderHeatmap', () => {
  it('shades by head count and leaves the skipped hour of a DST day blank', () => {
    const page = allDay('2026-03-08|2026-03-09', 'America/New_York');
    const lines = renderHeatmap(page, 'America/New_York').split('\n');
    expect(lines[0]).toBe('      Sun   Mon');
    expect(lines[1]).toBe('      03-08 03-09');
    expect(lines[2]).toBe('00:00  █     ·');
    expect(lines[3]).toMatch(/^00:15 {2}[░▒▓] {5}·$/); // some, not all
    expect(lines.find((l) => l.startsWith('02:00'))).toBe('02:00        ·');
    expect(lines.filter((l) => /^\d\d:\d\d/.test(l))).toHaveLength(96);
  });

  it('gives the repeated hour of a fall-back day its own rows', () => {
    const page = allDay('2026-11-01', 'America/New_York');
    expect(page.slots).toHaveLength(100);
    const rows = renderHeatmap(page, 'America/New_York')
      .split('\n')
      .filter((l) => /^\d\d:\d\d/.test(l));
    expect(rows).toHaveLength(100);
    expect(rows.filter((l) => l.startsWith("01:00'"))).toHaveLength(1);
  });
});
