import {
  type AggregatePoint,
  aggregateResults,
  type CurveSet,
  type Observation,
  type ResultsTable,
} from 'scheduler/results';

/**
 * The Results view's state, pure: what to draw for a results table and a metric, what a point's
 * tooltip says, and which URL a click opens. The DOM layer (results-view.ts) only renders this.
 */
export interface ResultsPlot {
  metric: string;
  xLabel: string;
  yLabel: string;
  /** Metric values are divided by this before plotting (3600: seconds to hours). */
  scale: number;
  /** Sorted union of every x the data and the curves have; all arrays below align with it. */
  xs: number[];
  series: PlotSeries[];
  curves: PlotCurve[];
}

export interface PlotSeries {
  key: string;
  label: string;
  labels: Record<string, string>;
  colour: number;
  mean: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
  points: (AggregatePoint | undefined)[];
}

export interface PlotCurve {
  name: string;
  /** Colour of the series it belongs beside, or a colour of its own. */
  colour: number;
  y: (number | null)[];
  lower: (number | null)[] | undefined;
  upper: (number | null)[] | undefined;
}

/** Durations are shown in hours unless a reference file says otherwise. */
const HOURS = /jct|makespan|seconds|duration/i;

/** The metric's display scale and label: the reference curves' when they compare with it. */
export function unitsFor(
  table: ResultsTable,
  metric: string,
): { scale: number; label: string; reference: CurveSet[] } {
  const reference = (table.reference ?? []).filter((set) => set.y.metric === metric);
  const first = reference[0];
  if (first) return { scale: first.y.scale ?? 1, label: first.y.label ?? metric, reference };
  return HOURS.test(metric)
    ? { scale: 3600, label: `${metric} (hours)`, reference }
    : { scale: 1, label: metric, reference };
}

export function buildPlot(table: ResultsTable, metric: string): ResultsPlot {
  const { scale, label, reference } = unitsFor(table, metric);
  const aggregated = aggregateResults(table);
  const xSet = new Set<number>();
  for (const line of aggregated) for (const point of line.points) xSet.add(point.x);
  for (const set of reference) for (const curve of set.curves) for (const x of curve.x) xSet.add(x);
  const xs = [...xSet].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const blank = () => new Array<number | null>(xs.length).fill(null);
  const series: PlotSeries[] = aggregated.map((line, index) => {
    const mean = blank();
    const lower = blank();
    const upper = blank();
    const points = new Array<AggregatePoint | undefined>(xs.length).fill(undefined);
    for (const point of line.points) {
      const i = at.get(point.x)!;
      points[i] = point;
      const summary = point.metrics[metric];
      if (!summary || summary.mean === null) continue;
      mean[i] = summary.mean / scale;
      const spread = (summary.std ?? 0) / scale;
      lower[i] = mean[i]! - spread;
      upper[i] = mean[i]! + spread;
    }
    const label = table.seriesAxes.length === 1 ? (line.labels[table.seriesAxes[0]!] ?? line.key) : line.key;
    return { key: line.key, label, labels: line.labels, colour: index, mean, lower, upper, points };
  });
  let spare = series.length;
  const curves: PlotCurve[] = reference.flatMap((set) =>
    set.curves.map((curve) => {
      const owner = series.find(
        (s) =>
          curve.series && Object.entries(curve.series).every(([axis, value]) => s.labels[axis] === value),
      );
      const align = (values: readonly (number | null)[]) => {
        const out = blank();
        curve.x.forEach((x, j) => {
          out[at.get(x)!] = values[j] ?? null;
        });
        return out;
      };
      return {
        name: curve.name,
        colour: owner ? owner.colour : spare++,
        y: align(curve.y),
        lower: curve.band ? align(curve.band.lower) : undefined,
        upper: curve.band ? align(curve.band.upper) : undefined,
      };
    }),
  );
  const xLabel = reference[0]?.x.label ?? table.x.label ?? table.x.name;
  return { metric, xLabel, yLabel: label, scale, xs, series, curves };
}

/**
 * The status line under the picker: how much the table holds (runs for a sweep, where each
 * observation is a run; observations and the distinct runs they link to for a document such as
 * FGD's, where one run gives a point per arrived %), and how many run files are not on disk.
 */
export function statusLine(table: ResultsTable, series: number, drawMs: number): string {
  const runs = new Set<string>();
  const absent = new Set<string>();
  for (const o of table.observations) {
    if (!o.run) continue;
    runs.add(o.run.name);
    if (!o.run.url && o.run.regenerate) absent.add(o.run.name);
  }
  const observations = table.observations.length;
  const size =
    runs.size === observations
      ? `${observations} runs`
      : `${observations} observations${runs.size ? ` (${runs.size} run${runs.size === 1 ? '' : 's'} linked)` : ''}`;
  const missing = !absent.size
    ? ''
    : `; ${absent.size === runs.size ? 'no run file is' : absent.size === 1 ? '1 run file is not' : `${absent.size} run files are not`} on disk, click a point for the command that makes its run`;
  return `${table.name}: ${size}, ${series} series (drawn in ${drawMs.toFixed(0)} ms)${missing}`;
}

/** Metrics worth a menu entry, the table's default first. */
export function metricChoices(table: ResultsTable): string[] {
  const first =
    table.defaultMetric && table.metrics.includes(table.defaultMetric) ? [table.defaultMetric] : [];
  return [...first, ...table.metrics.filter((m) => !first.includes(m))];
}

export interface PointDetails {
  title: string;
  lines: string[];
  /**
   * The run a click opens: the counted replicate closest to the mean, else any with a file; when
   * no replicate has its file on disk, the same choice among those that say how to make it.
   */
  open: Observation | undefined;
}

export function pointDetails(
  plot: ResultsPlot,
  table: ResultsTable,
  seriesIndex: number,
  index: number,
): PointDetails | undefined {
  const series = plot.series[seriesIndex];
  const point = series?.points[index];
  if (!series || !point) return undefined;
  const summary = point.metrics[plot.metric];
  const value = (v: number | null | undefined) =>
    v === null || v === undefined ? '–' : formatNumber(v / plot.scale);
  const lines = [
    // x as the table has it (a swept rate, an arrived %), not padded to three digits.
    `${table.x.name} = ${Number(point.x.toPrecision(4))}`,
    `mean ${value(summary?.mean)} ± ${value(summary?.std)} (sd), n = ${summary?.n ?? 0}`,
  ];
  const excluded = Object.entries(point.excluded);
  if (excluded.length)
    lines.push(`left out: ${excluded.map(([reason, count]) => `${count} ${reason}`).join(', ')}`);
  const replicate = table.replicateAxis;
  for (const o of point.observations) {
    const name = replicate ? `${replicate} ${o.labels[replicate] ?? '?'}` : (o.run?.name ?? 'run');
    lines.push(`${name}: ${value(o.values[plot.metric])}${o.excluded ? ` (${o.excluded})` : ''}`);
  }
  for (const curve of plot.curves) {
    if (curve.colour === series.colour && curve.y[index] !== null)
      lines.push(`${curve.name}: ${formatNumber(curve.y[index]!)}`);
  }
  return { title: series.label, lines, open: representative(point, plot.metric) };
}

export function representative(point: AggregatePoint, metric: string): Observation | undefined {
  const mean = point.metrics[metric]?.mean;
  const served = point.observations.filter((o) => o.run?.url);
  const withFile = served.length ? served : point.observations.filter((o) => o.run?.regenerate);
  const counted = withFile.filter((o) => o.excluded === undefined && typeof o.values[metric] === 'number');
  if (mean !== null && mean !== undefined && counted.length) {
    return counted.reduce((best, o) =>
      Math.abs((o.values[metric] as number) - mean) < Math.abs((best.values[metric] as number) - mean)
        ? o
        : best,
    );
  }
  return withFile[0];
}

/** The player URL of a run: its measurement window when it has one, or a given round. */
export function playerHref(observation: Observation): string | undefined {
  const run = observation.run;
  if (!run?.url) return undefined;
  const params = new URLSearchParams({ run: run.url });
  if (run.round !== undefined) params.set('round', String(run.round));
  else if (run.at === 'window') params.set('at', 'window');
  return `?${params}`;
}

export interface ResultsParams {
  view: 'player' | 'results';
  sweep?: string;
  metric?: string;
}

export function resultsHref(params: { sweep?: string; metric?: string }): string {
  const out = new URLSearchParams({ view: 'results' });
  if (params.sweep) out.set('sweep', params.sweep);
  if (params.metric) out.set('metric', params.metric);
  return `?${out}`;
}

export function parseViewParams(search: URLSearchParams): ResultsParams {
  const view = search.get('view') === 'results' ? 'results' : 'player';
  const sweep = search.get('sweep') ?? undefined;
  const metric = search.get('metric') ?? undefined;
  return { view, ...(sweep ? { sweep } : {}), ...(metric ? { metric } : {}) };
}

/**
 * The series point nearest to a position in pixels, within `radius`; `toPixels` maps an (x index,
 * value) to the plot's pixels.
 */
export function nearestPoint(
  plot: ResultsPlot,
  position: { x: number; y: number },
  toPixels: (index: number, value: number) => { x: number; y: number },
  radius = 24,
): { series: number; index: number } | undefined {
  // Drawn points first; a point with no mean (every run left out) only by its x, as a fallback.
  for (const drawn of [true, false]) {
    let best: { series: number; index: number } | undefined;
    let bestDistance = radius * radius;
    plot.series.forEach((series, s) => {
      series.mean.forEach((value, i) => {
        if ((value !== null) !== drawn || !series.points[i]) return;
        const p = toPixels(i, value ?? 0);
        const d = (p.x - position.x) ** 2 + (drawn ? (p.y - position.y) ** 2 : 0);
        if (d < bestDistance) {
          bestDistance = d;
          best = { series: s, index: i };
        }
      });
    });
    if (best) return best;
  }
  return undefined;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e5 || abs < 1e-3)) return value.toExponential(2);
  return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toPrecision(3);
}
