/**
 * Index of the last of `sorted[from..to]` that is at or before `value`, or `from` when none is:
 * the one binary search the run file, the synthetic runs and the viewer share (rounds by start
 * time, a GPU's allocation intervals by first round, jobs by id). `sorted` ascends over the range.
 */
export function lastAtOrBefore(
  sorted: ArrayLike<number>,
  value: number,
  from = 0,
  to = sorted.length - 1,
): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (sorted[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
