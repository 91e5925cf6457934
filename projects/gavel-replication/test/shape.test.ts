import { describe, expect, it } from 'vitest';
import { flatRegion, knee, type Level, lowLoad, ratioBeforeKnee } from '../src/shape.ts';

const curve = (xs: number[], ys: (number | null)[], bounds: number[] = []): Level[] =>
  xs.map((x, i) => ({ x, y: ys[i] ?? null, ...(bounds.includes(x) ? { atLeast: true } : {}) }));

describe('curve shape', () => {
  // The paper's Figure 9a aware curve (digitized, hours).
  const xs = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5];
  const paperAware = curve(xs, [16, 18, 17, 17, 16, 15, 15, 15, 14, 20, 30, 46, 99]);
  const paperAgnostic = curve(xs, [22, 24, 23, null, 23, 22, 22, 22, 24, 61, 92, 99, null]);

  it('takes the low-load value at the lowest rate, and none when that rate is only a bound', () => {
    expect(lowLoad(paperAware)).toBe(16);
    expect(lowLoad(curve([1, 2], [20, 30], [1]))).toBeNull();
    expect(lowLoad(curve([1, 2], [null, 30]))).toBeNull();
  });

  it('finds the flat region within 20% of the low-load value, stepping over unreadable points', () => {
    // 20 h at 5.0 is 1.25 times 16 h: the region ends at 4.5.
    expect(flatRegion(paperAware)).toEqual({
      to: 4.5,
      level: (16 + 18 + 17 + 17 + 16 + 15 + 15 + 15 + 14) / 9,
      rates: 9,
    });
    expect(flatRegion(paperAgnostic)).toMatchObject({ to: 4.5, rates: 8 });
    // A bound ends it even when it is low.
    expect(flatRegion(curve([1, 2, 3], [10, 11, 11], [2]))).toMatchObject({ to: 1, rates: 1 });
  });

  it('puts the knee where the curve crosses twice the low-load value, linearly between rates', () => {
    // 32 h lies between 30 h at 5.5 and 46 h at 6.0.
    expect(knee(paperAware)).toEqual({ x: 5.5 + (0.5 * 2) / 16, atMost: false });
    // 44 h between 24 h at 4.5 and 61 h at 5.0.
    expect(knee(paperAgnostic)!.x).toBeCloseTo(4.5 + (0.5 * 20) / 37, 12);
    expect(knee(curve([1, 2, 3], [10, 12, 15]))).toBeNull();
  });

  it('calls a knee reached by a lower bound at most, and does not anchor on a bound below it', () => {
    // At 3 the runs say at least 50 (some cut off), so the true crossing is at or before 2.5.
    expect(knee(curve([1, 2, 3], [10, 10, 50], [3]))).toEqual({ x: 2.25, atMost: true });
    // A bound of 15 at 2 is no anchor: the crossing is interpolated from 1.
    expect(knee(curve([1, 2, 3], [10, 15, 30], [2]))).toEqual({ x: 1 + (2 * 10) / 20, atMost: false });
  });

  it('averages aware over agnostic below both knees, where both are known', () => {
    const ratio = ratioBeforeKnee(paperAware, paperAgnostic)!;
    // Below 4.77 (the agnostic knee) and with 2.0 unreadable for the baseline: 8 rates.
    expect(ratio.rates).toEqual([0.5, 1.0, 1.5, 2.5, 3.0, 3.5, 4.0, 4.5]);
    const expected = [16 / 22, 18 / 24, 17 / 23, 16 / 23, 15 / 22, 15 / 22, 15 / 22, 14 / 24];
    expect(ratio.mean).toBeCloseTo(expected.reduce((a, b) => a + b, 0) / expected.length, 12);
    expect([ratio.min, ratio.max]).toEqual([14 / 24, 18 / 24]);
    expect(ratioBeforeKnee(curve([1], [null]), curve([1], [2]))).toBeNull();
  });
});
