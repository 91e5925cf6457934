import type { AggregatePoint, AggregateSeries, MetricSummary, Observation, ResultsTable } from './types.ts';

/**
 * Mean, sample standard deviation and count of every metric over the replicates of each
 * (series, x), in first-seen series order and ascending x. Observations marked `excluded` are kept
 * with their point (so a viewer can say why a point is missing) but not counted.
 */
export function aggregateResults(
  table: Pick<ResultsTable, 'seriesAxes' | 'metrics' | 'observations'>,
): AggregateSeries[] {
  const series = new Map<string, { labels: Record<string, string>; points: Map<number, Observation[]> }>();
  for (const observation of table.observations) {
    const labels = Object.fromEntries(table.seriesAxes.map((axis) => [axis, observation.labels[axis] ?? '']));
    const key = seriesKey(labels);
    let entry = series.get(key);
    if (!entry) {
      entry = { labels, points: new Map() };
      series.set(key, entry);
    }
    const list = entry.points.get(observation.x);
    if (list) list.push(observation);
    else entry.points.set(observation.x, [observation]);
  }
  return [...series.entries()].map(([key, { labels, points }]) => ({
    key,
    labels,
    points: [...points.entries()]
      .sort(([a], [b]) => a - b)
      .map(([x, observations]) => summarizePoint(x, observations, table.metrics)),
  }));
}

export function seriesKey(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length ? entries.map(([axis, label]) => `${axis}=${label}`).join(', ') : 'all';
}

function summarizePoint(x: number, observations: Observation[], metrics: readonly string[]): AggregatePoint {
  const counted = observations.filter((o) => o.excluded === undefined);
  const excluded: Record<string, number> = {};
  for (const o of observations)
    if (o.excluded !== undefined) excluded[o.excluded] = (excluded[o.excluded] ?? 0) + 1;
  const summaries: Record<string, MetricSummary> = {};
  for (const metric of metrics) {
    const values: number[] = [];
    for (const o of counted) {
      const value = o.values[metric];
      if (typeof value === 'number' && Number.isFinite(value)) values.push(value);
    }
    summaries[metric] = meanAndStd(values);
  }
  return { x, n: counted.length, excluded, metrics: summaries, observations };
}

/** Mean and sample standard deviation (two passes, so large offsets do not cancel). */
export function meanAndStd(values: readonly number[]): MetricSummary {
  const n = values.length;
  if (n === 0) return { mean: null, std: null, n: 0 };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n < 2) return { mean, std: null, n };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, std: Math.sqrt(squares / (n - 1)), n };
}
