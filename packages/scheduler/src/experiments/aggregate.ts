import { CURVE_METRICS, type CurveMetric, type RunCurves } from './curves.ts';

/** Across seeds, per x: the median and 25th/75th percentiles the paper plots, and the mean. */
export interface CurveStats {
  x: Int32Array;
  median: Float64Array;
  p25: Float64Array;
  p75: Float64Array;
  mean: Float64Array;
  /** Seeds with a value at x. */
  count: Int32Array;
}

/** numpy's default percentile (linear between closest ranks) of sorted values. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function curveStats(runs: readonly RunCurves[], metric: CurveMetric): CurveStats {
  const length = Math.max(0, ...runs.map((run) => run.x.length));
  const x = Int32Array.from({ length }, (_, i) => i);
  const stats: CurveStats = {
    x,
    median: new Float64Array(length),
    p25: new Float64Array(length),
    p75: new Float64Array(length),
    mean: new Float64Array(length),
    count: new Int32Array(length),
  };
  for (let i = 0; i < length; i++) {
    const values = runs
      .map((run) => run.values[metric][i])
      .filter((value): value is number => value !== undefined && Number.isFinite(value))
      .sort((a, b) => a - b);
    stats.count[i] = values.length;
    stats.median[i] = percentile(values, 50);
    stats.p25[i] = percentile(values, 25);
    stats.p75[i] = percentile(values, 75);
    stats.mean[i] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
  }
  return stats;
}

export function allCurveStats(runs: readonly RunCurves[]): Record<CurveMetric, CurveStats> {
  return Object.fromEntries(CURVE_METRICS.map((metric) => [metric, curveStats(runs, metric)])) as Record<
    CurveMetric,
    CurveStats
  >;
}
