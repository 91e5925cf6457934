import { describe, expect, it } from 'vitest';
import { isValidTimeZone, wallClockAt, zonedToUnix } from '../src/time.ts';

const unix = (iso: string) => Date.parse(iso) / 1000;

describe('zonedToUnix (Intl, no tz database of our own)', () => {
  it('converts ordinary wall-clock times on both sides of DST', () => {
    expect(zonedToUnix({ year: 2026, month: 1, day: 15, hour: 9, minute: 0 }, 'America/New_York')).toBe(
      unix('2026-01-15T14:00:00Z'),
    );
    expect(zonedToUnix({ year: 2026, month: 7, day: 15, hour: 9, minute: 0 }, 'America/New_York')).toBe(
      unix('2026-07-15T13:00:00Z'),
    );
    expect(zonedToUnix({ year: 2026, month: 9, day: 10, hour: 9, minute: 0 }, 'Asia/Shanghai')).toBe(
      1789002000,
    );
    expect(zonedToUnix({ year: 2026, month: 3, day: 1, hour: 0, minute: 30 }, 'Asia/Kolkata')).toBe(
      unix('2026-02-28T19:00:00Z'),
    );
  });

  it('maps a skipped time forward and a repeated time to its first occurrence', () => {
    // 2026-03-08 02:30 does not exist in New York; 03:30 EDT is 07:30Z.
    expect(zonedToUnix({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York')).toBe(
      unix('2026-03-08T07:30:00Z'),
    );
    // 2026-11-01 01:30 happens twice; the first is EDT (05:30Z).
    expect(zonedToUnix({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York')).toBe(
      unix('2026-11-01T05:30:00Z'),
    );
    // Southern hemisphere: Sydney falls back on 2026-04-05 03:00 -> 02:00.
    expect(zonedToUnix({ year: 2026, month: 4, day: 5, hour: 2, minute: 30 }, 'Australia/Sydney')).toBe(
      unix('2026-04-04T15:30:00Z'),
    );
  });

  it('round-trips every quarter hour of a DST week', () => {
    for (let t = unix('2026-03-27T00:00:00Z'); t < unix('2026-04-01T00:00:00Z'); t += 900) {
      const clock = wallClockAt(t, 'Europe/Berlin');
      const back = zonedToUnix(clock, 'Europe/Berlin');
      // Ambiguous times go to the first occurrence; all others round-trip exactly.
      expect(back === t || wallClockAt(back, 'Europe/Berlin').hour === clock.hour).toBe(true);
      if (clock.month === 3 && clock.day !== 29) expect(back).toBe(t);
    }
  });

  it('knows valid zones', () => {
    expect(isValidTimeZone('America/Los_Angeles')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
