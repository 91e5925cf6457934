import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from 'kit';

import { PAPER_POLICIES } from 'scheduler';

/** The paper's six policies in its order. */
export const POLICIES = PAPER_POLICIES as readonly Policy[];
export type Policy = 'random' | 'dotprod' | 'clustering' | 'packing' | 'bestfit' | 'fgd';
export const LABELS: Record<Policy, string> = {
  random: 'Random',
  dotprod: 'DotProd',
  clustering: 'Clustering',
  packing: 'Packing',
  bestfit: 'BestFit',
  fgd: 'FGD',
};

export interface StatRow {
  policy: string;
  metric: string;
  x: number;
  median: number;
  p25: number;
  p75: number;
}

export interface PaperCurve {
  demand: number[];
  series: Record<string, (number | null)[]>;
}

export interface Inputs {
  stats: StatRow[];
  pending: { policy: string; seed: number; at: string; gpus: Record<string, number> }[];
  experiment: {
    seeds: number[];
    totalGpus: number;
    nodeCount: number;
    podRows: number;
    tune: number;
    policies: Record<string, { arrivals: { mean: number; min: number; max: number } }>;
  };
  paper: Record<'fig7a' | 'fig7b' | 'fig9a' | 'fig9b', PaperCurve>;
}

const num = (text: string | undefined) => (text === undefined || text === '' ? Number.NaN : Number(text));

/** A panel of the digitized curves file: its x (arrived %) and one series per policy. */
export function paperCurve(raw: Record<string, unknown>): PaperCurve {
  const series: Record<string, (number | null)[]> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('_') || key === 'demand_pct') continue;
    series[key] = value as (number | null)[];
  }
  return { demand: raw.demand_pct as number[], series };
}

/** data/arrivals (our experiment) and data/paper-curves (the digitized figures). */
export function loadInputs(dataDir: string): Inputs {
  const aggregateFile = join(dataDir, 'arrivals', 'aggregate.csv');
  const stats = parseCsv(readFileSync(aggregateFile, 'utf8'), aggregateFile).records.map(({ values }) => ({
    policy: values.policy!,
    metric: values.metric!,
    x: num(values.x),
    median: num(values.median),
    p25: num(values.p25),
    p75: num(values.p75),
  }));
  const pendingFile = join(dataDir, 'arrivals', 'pending.csv');
  const pending = parseCsv(readFileSync(pendingFile, 'utf8'), pendingFile).records.map(({ values }) => ({
    policy: values.policy!,
    seed: num(values.seed),
    at: values.at!,
    gpus: Object.fromEntries(
      Object.entries(values)
        .filter(([key]) => key.startsWith('gpus_'))
        .map(([key, value]) => [key.slice(5), num(value)]),
    ),
  }));
  const experiment = JSON.parse(readFileSync(join(dataDir, 'arrivals', 'summary.json'), 'utf8'));
  const curves = JSON.parse(
    readFileSync(join(dataDir, 'paper-curves', 'fgd_atc2023_fig7_fig9.json'), 'utf8'),
  );
  return {
    stats,
    pending,
    experiment,
    paper: {
      fig7a: paperCurve(curves.fig7a_frag_rate_pct),
      fig7b: paperCurve(curves.fig7b_frag_over_total_pct),
      fig9a: paperCurve(curves.fig9a_unalloc_gpu_pct),
      fig9b: paperCurve(curves.fig9b_occupied_nodes),
    },
  };
}

/** Our median of `metric` for `policy` at arrived demand `x` (NaN when absent). */
export function medianAt(inputs: Inputs, policy: string, metric: string, x: number): number {
  return (
    inputs.stats.find((row) => row.policy === policy && row.metric === metric && row.x === x)?.median ??
    Number.NaN
  );
}
