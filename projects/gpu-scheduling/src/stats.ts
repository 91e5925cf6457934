/** Small numeric helpers the summary is computed with (quantiles and rounding come from kit). */
import { round } from 'kit';

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

export function mean(values: readonly number[]): number | null {
  return values.length ? sum(values) / values.length : null;
}

/** Round to `significant` significant digits (for times spanning microseconds to seconds). */
export function roundSignificant(value: number | null, significant = 3): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (value === 0) return 0;
  const digits = significant - 1 - Math.floor(Math.log10(Math.abs(value)));
  return digits > 0 ? round(value, digits) : Math.round(value / 10 ** -digits) * 10 ** -digits;
}

/** Group values by a key, keeping first-seen key order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
