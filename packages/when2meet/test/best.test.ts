import { describe, expect, it } from 'vitest';
import { bestMeetingTimes } from '../src/best.ts';
import type { EventPage } from '../src/protocol/page.ts';

// Two days of 8 quarter hours; day two starts a day later, so it is not contiguous with day one.
const day1 = Array.from({ length: 8 }, (_, i) => 1_800_000_000 + i * 900);
const day2 = Array.from({ length: 8 }, (_, i) => 1_800_086_400 + i * 900);
const page: EventPage = {
  id: 1,
  code: 'a',
  name: 'x',
  timezone: 'UTC',
  kind: 'dates',
  slots: [...day1, ...day2],
  people: [
    { id: 1, name: 'Ann', available: [0, 1, 2, 3, 4, 5, 6, 7, 8] },
    { id: 2, name: 'Bo', available: [2, 3, 4, 5, 7, 8, 9, 10, 11] },
    { id: 3, name: 'Cy', available: [3, 4, 5, 6, 9, 10, 11, 12] },
  ],
};

describe('bestMeetingTimes', () => {
  it('ranks windows by head count and merges consecutive starts with the same people', () => {
    const ranked = bestMeetingTimes(page, { durationMinutes: 30, minPeople: 2 });
    expect(ranked.map((o) => [o.start, o.latestStart, o.end, o.people.map((p) => p.name).join('+')])).toEqual(
      [
        [day1[3], day1[4], day1[6], 'Ann+Bo+Cy'],
        [day2[1], day2[2], day2[4], 'Bo+Cy'], // same head count, longer window
        [day1[2], day1[2], day1[4], 'Ann+Bo'],
        [day1[5], day1[5], day1[7], 'Ann+Cy'],
      ],
    );
  });

  it('never joins slots across a gap between days, and honours min people and limit', () => {
    // Ann is free at day1[7] and day2[0], which are a day apart: no 30-minute meeting there.
    const ranked = bestMeetingTimes(page, { durationMinutes: 30, minPeople: 1 });
    expect(ranked.some((o) => o.start === day1[7])).toBe(false);
    expect(bestMeetingTimes(page, { durationMinutes: 60, minPeople: 3 })).toEqual([]);
    expect(bestMeetingTimes(page, { durationMinutes: 15, minPeople: 1, limit: 2 })).toHaveLength(2);
  });
});
