import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, parseCsv, requireColumns } from 'kit';

/** What the analysis needs from one finished run of the grid. */
export interface RunRecord {
  name: string;
  /** Cluster preset: `philly` or `alibaba`. */
  scale: string;
  /** Policy as the post names it: mmf, mmf-penalty, single-type, fifo (or the policy's own name). */
  variant: string;
  placement: string;
  seed: number;
  endReason: string;
  gpus: number;
  config: Record<string, unknown>;
  metrics: RunMetricsSubset;
  profile: RunProfile;
  /** Per round: simulated time (s), utilization in [0, 1], active jobs (running + queued). */
  rounds: { time: number[]; utilization: number[]; active: number[] };
  /** JCT in seconds of every job that finished. */
  jct: number[];
  /** From profile.csv: wall ms of every round (beside `rounds`) and every LP solve's size and time. */
  timing: { wallMs: number[]; solves: { jobs: number; ms: number }[] };
  jobsArrived: number;
}

/** The part of gpusim's PROFILE report (summary.json's `profile`) the analysis reads. */
export interface RunProfile {
  enabled: boolean;
  wallSeconds: number;
  rounds: number;
  phases: { name: string; parent?: string; seconds: number; count: number }[];
}

export interface RunMetricsSubset {
  utilization: number;
  avgFragmentationRate: number;
  avgJct: number | null;
  jobsCompleted: number;
  rounds: number;
  reallocations: number;
}

export interface LoadedResults {
  runs: RunRecord[];
  /** Runs the combined CSV lists as not done (failed or pending), by name and state. */
  missing: { name: string; state: string }[];
}

/**
 * The combined `summary.csv` of a sweep, then every done run's own summary.json, rounds.csv,
 * jobs.csv and profile.csv. Labels come from each run's configuration, not the grid's axis names, so any grid
 * over the same options can be analysed.
 */
export async function loadResults(dir: string): Promise<LoadedResults> {
  const csvFile = join(dir, 'summary.csv');
  const { header, records } = parseCsv(await readFile(csvFile, 'utf8'), csvFile);
  requireColumns(header, ['name', 'state'], csvFile);
  const runs: RunRecord[] = [];
  const missing: LoadedResults['missing'] = [];
  for (const record of records) {
    const { name, state } = record.values as { name: string; state: string };
    if (state !== 'done') missing.push({ name, state });
    else runs.push(await loadRun(join(dir, name), name));
  }
  return { runs, missing };
}

export const RUN_FILES = ['summary.json', 'rounds.csv', 'jobs.csv', 'profile.csv'] as const;

export async function loadRun(dir: string, name: string): Promise<RunRecord> {
  const summaryFile = join(dir, 'summary.json');
  const summary = JSON.parse(await readFile(summaryFile, 'utf8')) as RunSummaryJson;
  const config = summary.config ?? {};
  const profile = summary.profile;
  if (!profile?.enabled) {
    throw new InputError(
      { file: summaryFile, field: 'profile.enabled' },
      'expected a profiled run (profile: true in the grid), got a run without a profile',
    );
  }
  const policy = String(config.policy ?? '');
  const rounds = await loadRounds(join(dir, 'rounds.csv'));
  return {
    name,
    scale: String(summary.cluster?.name ?? config.preset ?? 'custom'),
    variant: variantOf(policy, Number(config.migrationPenalty ?? 0)),
    placement: String(config.placement ?? ''),
    seed: Number(config.seed ?? summary.seed ?? 0),
    endReason: String(summary.endReason ?? ''),
    gpus: Number(summary.cluster?.gpus ?? 0),
    config,
    metrics: summary.metrics,
    profile,
    rounds,
    jct: await loadJct(join(dir, 'jobs.csv')),
    timing: await loadTiming(join(dir, 'profile.csv'), rounds.time.length),
    jobsArrived: Number(summary.metrics.jobsArrived ?? 0),
  };
}

/** The post's names for the four policy configurations of the grid. */
export function variantOf(policy: string, migrationPenalty: number): string {
  if (policy === 'max-min-fairness') return migrationPenalty > 0 ? 'mmf-penalty' : 'mmf';
  return policy;
}

interface RunSummaryJson {
  config?: Record<string, unknown>;
  seed?: number;
  cluster?: { name?: string; gpus?: number };
  endReason?: string;
  metrics: RunMetricsSubset & { jobsArrived?: number };
  profile?: RunProfile;
}

async function loadRounds(file: string): Promise<RunRecord['rounds']> {
  const { header, records } = parseCsv(await readFile(file, 'utf8'), file);
  requireColumns(header, ['time', 'utilization', 'running', 'queued'], file);
  const time: number[] = [];
  const utilization: number[] = [];
  const active: number[] = [];
  for (const { line, values } of records) {
    time.push(numberAt(values.time, file, line, 'time'));
    utilization.push(numberAt(values.utilization, file, line, 'utilization'));
    active.push(
      numberAt(values.running, file, line, 'running') + numberAt(values.queued, file, line, 'queued'),
    );
  }
  return { time, utilization, active };
}

async function loadTiming(file: string, roundCount: number): Promise<RunRecord['timing']> {
  const { header, records } = parseCsv(await readFile(file, 'utf8'), file);
  requireColumns(header, ['wall_ms', 'lp_jobs', 'lp_solve_ms'], file);
  if (records.length !== roundCount) {
    throw new InputError(
      { file },
      `expected one row per round of rounds.csv (${roundCount}), got ${records.length}`,
    );
  }
  const wallMs: number[] = [];
  const solves: { jobs: number; ms: number }[] = [];
  for (const { line, values } of records) {
    wallMs.push(numberAt(values.wall_ms, file, line, 'wall_ms'));
    if (values.lp_jobs === '' || values.lp_jobs === undefined) continue; // no solve this round
    solves.push({
      jobs: numberAt(values.lp_jobs, file, line, 'lp_jobs'),
      ms: numberAt(values.lp_solve_ms, file, line, 'lp_solve_ms'),
    });
  }
  return { wallMs, solves };
}

async function loadJct(file: string): Promise<number[]> {
  const { header, records } = parseCsv(await readFile(file, 'utf8'), file);
  requireColumns(header, ['jct'], file);
  const out: number[] = [];
  for (const { line, values } of records) {
    if (values.jct === undefined || values.jct === '') continue; // unfinished job
    out.push(numberAt(values.jct, file, line, 'jct'));
  }
  return out;
}

function numberAt(text: string | undefined, file: string, line: number, field: string): number {
  const value = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(value))
    throw InputError.expected({ file, line, field }, 'a number', text);
  return value;
}
