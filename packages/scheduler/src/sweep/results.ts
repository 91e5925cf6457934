import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CsvValue, InputError, toCsv, writeFileAtomic } from 'kit';
import { aggregateResults } from '../results/aggregate.ts';
import type { AggregateSeries, Observation, ResultsTable } from '../results/types.ts';
import { readManifest, type SweepManifest } from './manifest.ts';
import { readStatus, runDir } from './status.ts';
import { flattenMetrics } from './summary.ts';

export interface SweepResultsOptions {
  /** Override the sweep file's `results.x` / `results.over`. */
  x?: string;
  over?: string;
}

/**
 * A finished (or partly finished) sweep as a results table: one observation per planned run, with
 * its x, its labels, every numeric metric of its summary.json, and why it is left out of the means
 * when it is (`pending`, `failed`, or an end reason the sweep does not accept, e.g. `jct-cutoff`).
 */
export async function readSweepResults(
  outDir: string,
  options: SweepResultsOptions & { manifest?: SweepManifest } = {},
): Promise<ResultsTable> {
  const manifest = options.manifest ?? (await readManifest(outDir));
  const { xName, xAxis, over } = chooseAxes(manifest, options);
  const seriesAxes = manifest.axes.filter((axis) => axis !== xAxis && axis !== over);
  const metrics: string[] = [];
  const observations: Observation[] = [];
  const accept = new Set(manifest.results.accept);
  for (const run of manifest.runs) {
    const x = xOf(run, xName, xAxis, manifest);
    const observation: Observation = { labels: run.labels, x, values: {}, run: { name: run.name } };
    if (run.options.window !== undefined) observation.run!.at = 'window';
    const status = await readStatus(outDir, run.name);
    if (!status || status.configHash !== run.configHash) observation.excluded = 'pending';
    else if (status.state === 'failed') observation.excluded = 'failed';
    else {
      const summary = await readSummary(outDir, run.name);
      const endReason = typeof summary?.endReason === 'string' ? summary.endReason : 'unreadable';
      if (!accept.has(endReason)) observation.excluded = endReason;
      for (const [metric, value] of flattenMetrics(summary?.metrics)) {
        if (typeof value !== 'number' && value !== null) continue;
        if (!metrics.includes(metric)) metrics.push(metric);
        observation.values[metric] = value;
      }
    }
    observations.push(observation);
  }
  const defaultMetric = manifest.results.metric ?? (metrics.includes('avgJct') ? 'avgJct' : metrics[0]);
  return {
    format: 'gpusim-results/1',
    name: manifest.name,
    x: { name: xName },
    seriesAxes,
    ...(over !== undefined ? { replicateAxis: over } : {}),
    metrics,
    ...(defaultMetric !== undefined ? { defaultMetric } : {}),
    observations,
    ...(manifest.results.reference.length ? { reference: manifest.results.reference } : {}),
  };
}

/**
 * x: the option given, else the sweep's `results.x`, else the one axis (besides the replicate
 * axis) whose labels are all numbers and which has more than one value.
 */
function chooseAxes(
  manifest: SweepManifest,
  options: SweepResultsOptions,
): { xName: string; xAxis: string | undefined; over: string | undefined } {
  const over = options.over ?? manifest.results.over;
  if (over !== undefined && !manifest.axes.includes(over))
    throw new InputError(
      { field: '--over' },
      `expected an axis of ${manifest.name} (${manifest.axes.join(', ')}), got "${over}"`,
    );
  let xName = options.x ?? manifest.results.x;
  if (xName === undefined) {
    const numeric = manifest.axes.filter((axis) => {
      if (axis === over) return false;
      const labels = new Set(manifest.runs.map((run) => run.labels[axis]));
      return (
        labels.size > 1 && [...labels].every((label) => label !== undefined && Number.isFinite(Number(label)))
      );
    });
    if (numeric.length !== 1)
      throw new InputError(
        { field: '--x' },
        `expected the axis to plot against (${manifest.name} has ${numeric.length ? `several numeric axes: ${numeric.join(', ')}` : 'no numeric axis'}), got none; set results.x in the sweep file or pass --x`,
      );
    xName = numeric[0]!;
  }
  // An axis by that name, else the group axis whose values set that option.
  const xAxis = manifest.axes.includes(xName)
    ? xName
    : manifest.axes.find((axis) => {
        const byLabel = new Map<string, unknown>();
        return (
          manifest.runs.every((run) => {
            const label = run.labels[axis]!;
            const value = run.options[xName];
            if (!byLabel.has(label)) byLabel.set(label, value);
            return byLabel.get(label) === value;
          }) && new Set(manifest.runs.map((run) => run.options[xName])).size > 1
        );
      });
  if (xAxis === over && xAxis !== undefined)
    throw new InputError(
      { field: '--x' },
      `expected an axis other than the replicate axis "${over}", got "${xName}"`,
    );
  return { xName, xAxis, over };
}

function xOf(
  run: SweepManifest['runs'][number],
  xName: string,
  xAxis: string | undefined,
  manifest: SweepManifest,
): number {
  const fromLabel = xAxis === xName ? Number(run.labels[xAxis]) : Number.NaN;
  const value = Number.isFinite(fromLabel) ? fromLabel : run.options[xName];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new InputError(
      { field: '--x' },
      `expected a number for ${xName} in every run of ${manifest.name}, got ${JSON.stringify(value ?? run.labels[xName] ?? null)} in run ${run.name}`,
    );
  return value;
}

async function readSummary(
  outDir: string,
  name: string,
): Promise<{ endReason?: unknown; metrics?: unknown } | undefined> {
  try {
    return JSON.parse(await readFile(join(runDir(outDir, name), 'summary.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

export interface AggregateFiles {
  csv: string;
  json: string;
  series: AggregateSeries[];
}

/**
 * Writes `<results>/aggregate.csv` (one row per series, x and metric: n, mean, std and the runs
 * left out by reason) and `aggregate.json` (the same per point, with the runs behind it), each
 * atomically.
 */
export async function writeAggregate(outDir: string, table: ResultsTable): Promise<AggregateFiles> {
  const series = aggregateResults(table);
  const rows: Record<string, CsvValue>[] = [];
  for (const line of series) {
    for (const point of line.points) {
      const excluded = Object.entries(point.excluded)
        .map(([reason, count]) => `${reason}=${count}`)
        .join(';');
      for (const metric of table.metrics) {
        const summary = point.metrics[metric]!;
        rows.push({
          ...line.labels,
          [table.x.name]: point.x,
          metric,
          n: summary.n,
          mean: summary.mean,
          std: summary.std,
          excluded,
        });
      }
    }
  }
  const columns = [...table.seriesAxes, table.x.name, 'metric', 'n', 'mean', 'std', 'excluded'];
  const csv = join(outDir, 'aggregate.csv');
  const json = join(outDir, 'aggregate.json');
  await writeFileAtomic(csv, toCsv(rows, columns));
  const document = {
    format: 'gpusim-aggregate/1',
    name: table.name,
    x: table.x,
    seriesAxes: table.seriesAxes,
    replicateAxis: table.replicateAxis ?? null,
    metrics: table.metrics,
    series: series.map((line) => ({
      key: line.key,
      labels: line.labels,
      points: line.points.map((point) => ({
        x: point.x,
        n: point.n,
        excluded: point.excluded,
        metrics: point.metrics,
        runs: point.observations.map((o) => ({
          name: o.run?.name ?? null,
          ...(table.replicateAxis ? { [table.replicateAxis]: o.labels[table.replicateAxis] ?? null } : {}),
          ...(o.excluded ? { excluded: o.excluded } : {}),
        })),
      })),
    })),
  };
  await writeFileAtomic(json, `${JSON.stringify(document, null, 1)}\n`);
  return { csv, json, series };
}
