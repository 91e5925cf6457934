import { join } from 'node:path';
import { type CsvValue, toCsv, writeFileAtomic } from 'kit';
import type { SharePolicyName } from '../placement/sharing/policies/types.ts';
import type { CurveSet, Observation, ResultsTable, RunLink } from '../results/types.ts';
import type { CurveStats } from './aggregate.ts';
import { CURVE_METRICS, type CurveMetric, REQUEST_CLASSES, type RequestClass } from './curves.ts';
import { PENDING_AT_PERCENT, type PolicyResult } from './grid.ts';

export interface ArrivalsSummaryConfig {
  nodes: string;
  pods: string;
  tune: number;
  seeds: readonly number[];
  totalGpus: number;
  nodeCount: number;
  podRows: number;
}

const round = (value: number, digits = 4) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

function statAt(stats: CurveStats, x: number) {
  return {
    median: round(stats.median[x] ?? Number.NaN),
    p25: round(stats.p25[x] ?? Number.NaN),
    p75: round(stats.p75[x] ?? Number.NaN),
    mean: round(stats.mean[x] ?? Number.NaN),
  };
}

function meanOf(values: readonly number[]) {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

function meanByClass(rows: readonly Record<RequestClass, number>[]) {
  return Object.fromEntries(
    REQUEST_CLASSES.map((name) => [name, round(meanOf(rows.map((row) => row[name])), 2)]),
  );
}

/** summary.json: the setup, and per policy the values at 100% arrived demand and the pending GPUs. */
export function arrivalsSummary(config: ArrivalsSummaryConfig, results: readonly PolicyResult[]) {
  return {
    experiment: 'fgd-arrivals',
    ...config,
    seeds: [...config.seeds],
    pendingAtPercent: PENDING_AT_PERCENT,
    policies: Object.fromEntries(
      results.map((result) => [
        result.policy,
        {
          arrivals: {
            min: Math.min(...result.pods),
            max: Math.max(...result.pods),
            mean: round(meanOf(result.pods), 1),
          },
          at100: Object.fromEntries(
            CURVE_METRICS.map((metric) => [metric, statAt(result.stats[metric], 100)]),
          ),
          pendingAt: meanByClass(result.pendingAt),
          pendingEnd: meanByClass(result.pendingEnd),
        },
      ]),
    ),
  };
}

/** One row per policy, seed and x: every curve of that run. */
export function curvesCsv(results: readonly PolicyResult[]): string {
  const rows: Record<string, CsvValue>[] = [];
  for (const result of results) {
    result.curves.forEach((curves, i) => {
      for (const x of curves.x) {
        const row: Record<string, CsvValue> = { policy: result.policy, seed: result.seeds[i]!, x };
        for (const metric of CURVE_METRICS) row[metric] = round(curves.values[metric][x]!);
        rows.push(row);
      }
    });
  }
  return toCsv(rows, ['policy', 'seed', 'x', ...CURVE_METRICS]);
}

/** One row per policy, metric and x: median, quartiles and mean over seeds. */
export function aggregateCsv(results: readonly PolicyResult[]): string {
  const rows: Record<string, CsvValue>[] = [];
  for (const result of results) {
    for (const metric of CURVE_METRICS) {
      const stats = result.stats[metric as CurveMetric];
      for (const x of stats.x) {
        rows.push({
          policy: result.policy,
          metric,
          x,
          median: round(stats.median[x]!),
          p25: round(stats.p25[x]!),
          p75: round(stats.p75[x]!),
          mean: round(stats.mean[x]!),
          seeds: stats.count[x]!,
        });
      }
    }
  }
  return toCsv(rows, ['policy', 'metric', 'x', 'median', 'p25', 'p75', 'mean', 'seeds']);
}

/** One row per policy, seed and point (96% and the end): pending GPUs by request size. */
export function pendingCsv(results: readonly PolicyResult[]): string {
  const rows: Record<string, CsvValue>[] = [];
  for (const result of results) {
    result.seeds.forEach((seed, i) => {
      for (const [at, table] of [
        [String(PENDING_AT_PERCENT), result.pendingAt[i]!],
        ['end', result.pendingEnd[i]!],
      ] as const) {
        const row: Record<string, CsvValue> = { policy: result.policy, seed, at };
        for (const name of REQUEST_CLASSES) row[`gpus_${name}`] = round(table[name], 3);
        rows.push(row);
      }
    });
  }
  return toCsv(rows, ['policy', 'seed', 'at', ...REQUEST_CLASSES.map((name) => `gpus_${name}`)]);
}

/** The curves of the paper's Fig. 7 and 9 (allocated_gpu is 100 minus unallocated_gpu, left out). */
export const RESULTS_METRICS = [
  'frag_rate',
  'frag_over_total',
  'unallocated_gpu',
  'occupied_nodes',
] as const satisfies readonly CurveMetric[];
/** The results document's file name, found by the viewer's Results view (`*.results.json`). */
export const RESULTS_FILE = 'fgd-arrivals.results.json';

export interface ArrivalsResultsOptions {
  /** Curves to draw beside ours (e.g. the paper's digitized figures). */
  reference?: CurveSet[];
  /** The run behind an observation, when there is one to open. */
  runLink?: (policy: SharePolicyName, seed: number, x: number) => RunLink | undefined;
}

/**
 * The grid as a `gpusim-results/1` table for the viewer's Results view: one observation per
 * policy, seed and arrived % with the paper's curve metrics of that seed (4 decimals, null where
 * the run has no sample near that %).
 */
export function arrivalsResultsTable(
  results: readonly PolicyResult[],
  options: ArrivalsResultsOptions = {},
): ResultsTable {
  const observations: Observation[] = [];
  for (const result of results) {
    result.curves.forEach((curves, i) => {
      const seed = result.seeds[i]!;
      for (const x of curves.x) {
        const values = Object.fromEntries(RESULTS_METRICS.map((m) => [m, round(curves.values[m][x]!)]));
        const run = options.runLink?.(result.policy, seed, x);
        observations.push({
          labels: { policy: result.policy, seed: String(seed) },
          x,
          values,
          ...(run ? { run } : {}),
        });
      }
    });
  }
  return {
    format: 'gpusim-results/1',
    name: 'fgd-arrivals',
    x: { name: 'arrived_pct', label: 'Arrived workloads (% of cluster GPU capacity)' },
    seriesAxes: ['policy'],
    replicateAxis: 'seed',
    metrics: [...RESULTS_METRICS],
    defaultMetric: 'unallocated_gpu',
    ...(options.reference?.length ? { reference: options.reference } : {}),
    observations,
  };
}

/** JSON with one curve set and one observation a line: small diffs, one line per thing. */
export function resultsTableJson(table: ResultsTable): string {
  const { reference, observations, ...head } = table;
  const list = (items: readonly unknown[]) =>
    `[\n${items.map((item) => `  ${JSON.stringify(item)}`).join(',\n')}\n ]`;
  let text = JSON.stringify(head, null, 1).slice(0, -2);
  if (reference) text += `,\n "reference": ${list(reference)}`;
  return `${text},\n "observations": ${list(observations)}\n}\n`;
}

/**
 * Writes summary.json, aggregate.csv, pending.csv, the results document (RESULTS_FILE) and
 * (unless `perSeedCurves` is false) curves.csv into `dir`, each atomically. Returns the paths
 * written.
 */
export async function writeArrivalsOutputs(
  dir: string,
  config: ArrivalsSummaryConfig,
  results: readonly PolicyResult[],
  { perSeedCurves = true, ...resultsOptions }: { perSeedCurves?: boolean } & ArrivalsResultsOptions = {},
): Promise<string[]> {
  const files: [string, string][] = [
    ['summary.json', `${JSON.stringify(arrivalsSummary(config, results), null, 2)}\n`],
    ['aggregate.csv', aggregateCsv(results)],
    ['pending.csv', pendingCsv(results)],
    [RESULTS_FILE, resultsTableJson(arrivalsResultsTable(results, resultsOptions))],
  ];
  if (perSeedCurves) files.push(['curves.csv', curvesCsv(results)]);
  for (const [name, text] of files) await writeFileAtomic(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}
