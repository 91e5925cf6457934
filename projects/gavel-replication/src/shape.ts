/**
 * The shape of a JCT-against-load curve, computed the same way for our curves and the paper's:
 * its low-load value, its flat region, its knee, and the ratio of two curves before their knees.
 *
 * A level is what is known of a curve at one rate: a value, a lower bound (`atLeast`: some runs
 * were cut off at the JCT limit, so the true mean is at least this), or nothing (null: a point the
 * paper does not give, or runs that failed).
 */
export interface Level {
  x: number;
  y: number | null;
  atLeast?: boolean;
}

/** Flat while within 20% of the low-load value. */
export const FLAT_TOLERANCE = 1.2;
/** The knee: where average JCT reaches twice its low-load value. */
export const KNEE_FACTOR = 2;

/** The value at the lowest rate, when it is known exactly. */
export function lowLoad(levels: readonly Level[]): number | null {
  const first = levels[0];
  return first && first.y !== null && !first.atLeast ? first.y : null;
}

export interface FlatRegion {
  /** The last rate of the run of rates from the lowest that stay within the tolerance. */
  to: number;
  /** Mean level over those rates. */
  level: number;
  rates: number;
}

/**
 * The rates from the lowest on whose level stays within FLAT_TOLERANCE of the low-load value; a
 * missing level (an unreadable paper point) neither ends nor joins it.
 */
export function flatRegion(levels: readonly Level[]): FlatRegion | null {
  const low = lowLoad(levels);
  if (low === null) return null;
  let to = levels[0]!.x;
  let sum = 0;
  let count = 0;
  for (const level of levels) {
    if (level.y === null) continue;
    if (level.atLeast || level.y > FLAT_TOLERANCE * low) break;
    to = level.x;
    sum += level.y;
    count++;
  }
  return { to, level: sum / count, rates: count };
}

export interface Knee {
  /** The rate where the curve crosses KNEE_FACTOR times its low-load value, linear between rates. */
  x: number;
  /** The crossing point's level is a lower bound, so the true knee is at this rate or below it. */
  atMost: boolean;
}

/** null when the curve never reaches the factor over the rates given. */
export function knee(levels: readonly Level[]): Knee | null {
  const low = lowLoad(levels);
  if (low === null) return null;
  const target = KNEE_FACTOR * low;
  let before: Level = levels[0]!;
  for (const level of levels.slice(1)) {
    if (level.y === null) continue;
    if (level.y >= target) {
      const y0 = before.y!;
      const x = before.x + ((level.x - before.x) * (target - y0)) / (level.y - y0);
      return { x, atMost: level.atLeast === true };
    }
    // A lower bound under the target says nothing about where the curve is; it is no anchor.
    if (!level.atLeast) before = level;
  }
  return null;
}

export interface Ratio {
  /** Mean over the rates of aware / agnostic. */
  mean: number;
  min: number;
  max: number;
  /** The rates it is taken over: every rate below both knees where both levels are known exactly. */
  rates: number[];
}

/** aware / agnostic before the knee (below the lower of the two knees). */
export function ratioBeforeKnee(aware: readonly Level[], agnostic: readonly Level[]): Ratio | null {
  const limit = Math.min(
    knee(aware)?.x ?? Number.POSITIVE_INFINITY,
    knee(agnostic)?.x ?? Number.POSITIVE_INFINITY,
  );
  const byX = new Map(agnostic.map((level) => [level.x, level]));
  const ratios: number[] = [];
  const rates: number[] = [];
  for (const a of aware) {
    const b = byX.get(a.x);
    if (a.x >= limit || !b || a.y === null || b.y === null || a.atLeast || b.atLeast || b.y === 0) continue;
    ratios.push(a.y / b.y);
    rates.push(a.x);
  }
  if (!ratios.length) return null;
  return {
    mean: ratios.reduce((s, r) => s + r, 0) / ratios.length,
    min: Math.min(...ratios),
    max: Math.max(...ratios),
    rates,
  };
}
