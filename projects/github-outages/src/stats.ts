import { round } from 'kit';

export const percent = (part: number, whole: number, digits = 1) =>
  whole === 0 ? 0 : round((part / whole) * 100, digits);

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}
