import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, parseCsv, requireColumns } from 'kit';
import { clusterFromPreset, findPreset } from 'scheduler';
import { REPEATS_FILE, readRepeats } from './repeats.ts';

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
  /** GPUs per type of the run's preset; null for a cluster that is not a preset. */
  capacities: Record<string, number> | null;
  config: Record<string, unknown>;
  metrics: RunMetricsSubset;
  profile: RunProfile;
  /** Per round: simulated time (s), utilization in [0, 1], active jobs (running + queued). */
  rounds: { time: number[]; utilization: number[]; active: number[] };
  /** JCT in seconds of every job that finished. */
  jct: number[];
  /**
   * Waits to start, in seconds: the longest (a job that never started counts until the run's
   * end) and how many jobs never started.
   */
  waits: { longest: number; neverStarted: number };
  /** Digest of jobs.csv: two runs with the same digest gave every job the same start and finish. */
  scheduleDigest: string;
  /** Wall seconds of every repeat of the run (repeats.csv), or of the run alone when not repeated. */
  wallRepeats: number[];
  /**
   * From profile.csv: wall ms of every round (beside `rounds`), whether the round reallocated (the
   * policy ran: a reset), and every LP solve's size and time.
   */
  timing: { wallMs: number[]; reset: boolean[]; solves: { jobs: number; ms: number }[] };
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
  utilizationByType: Record<string, number>;
  /** JCT over the job's isolated run time on its fastest type. */
  finishTimeFairness: { mean: number | null; max: number | null };
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
  const repeats = await readRepeats(dir);
  for (const record of records) {
    const { name, state } = record.values as { name: string; state: string };
    if (state !== 'done') missing.push({ name, state });
    else {
      const run = await loadRun(join(dir, name), name);
      const walls = repeats.filter((r) => r.name === name);
      const kept = walls.find((r) => r.kept);
      if (kept && Math.abs(kept.wallSeconds - run.profile.wallSeconds) > 1e-9 * kept.wallSeconds)
        throw new InputError(
          { file: join(dir, REPEATS_FILE), field: name },
          `expected the kept repeat to be the run's own wall time (${run.profile.wallSeconds} s), got ${kept.wallSeconds} s`,
        );
      if (walls.length) run.wallRepeats = walls.map((r) => r.wallSeconds);
      runs.push(run);
    }
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
  const jobs = await loadJobs(join(dir, 'jobs.csv'), Number(summary.simulatedSeconds ?? 0));
  return {
    name,
    scale: String(summary.cluster?.name ?? config.preset ?? 'custom'),
    variant: variantOf(policy, Number(config.migrationPenalty ?? 0)),
    placement: String(config.placement ?? ''),
    seed: Number(config.seed ?? summary.seed ?? 0),
    endReason: String(summary.endReason ?? ''),
    gpus: Number(summary.cluster?.gpus ?? 0),
    capacities: presetCapacities(config.preset),
    config,
    metrics: summary.metrics,
    profile,
    rounds,
    ...jobs,
    wallRepeats: [profile.wallSeconds],
    timing: await loadTiming(join(dir, 'profile.csv'), rounds.time.length, summary.metrics.reallocations),
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
  simulatedSeconds?: number;
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

async function loadTiming(
  file: string,
  roundCount: number,
  reallocations: number,
): Promise<RunRecord['timing']> {
  const { header, records } = parseCsv(await readFile(file, 'utf8'), file);
  requireColumns(header, ['wall_ms', 'policy_ms', 'lp_jobs', 'lp_solve_ms'], file);
  if (records.length !== roundCount) {
    throw new InputError(
      { file },
      `expected one row per round of rounds.csv (${roundCount}), got ${records.length}`,
    );
  }
  const wallMs: number[] = [];
  const reset: boolean[] = [];
  const solves: { jobs: number; ms: number }[] = [];
  for (const { line, values } of records) {
    wallMs.push(numberAt(values.wall_ms, file, line, 'wall_ms'));
    reset.push(numberAt(values.policy_ms, file, line, 'policy_ms') > 0);
    if (values.lp_jobs === '' || values.lp_jobs === undefined) continue; // no solve this round
    solves.push({
      jobs: numberAt(values.lp_jobs, file, line, 'lp_jobs'),
      ms: numberAt(values.lp_solve_ms, file, line, 'lp_solve_ms'),
    });
  }
  // A round reallocated when the policy ran; a timer that read 0 would hide one.
  const resets = reset.filter(Boolean).length;
  if (resets !== reallocations)
    throw new InputError(
      { file, field: 'policy_ms' },
      `expected ${reallocations} rounds with policy time (the run's reallocations), got ${resets}`,
    );
  return { wallMs, reset, solves };
}

/** The finished jobs' JCTs, the waits to start (until `end` for jobs that never started), the digest. */
async function loadJobs(
  file: string,
  end: number,
): Promise<Pick<RunRecord, 'jct' | 'waits' | 'scheduleDigest'>> {
  const text = await readFile(file, 'utf8');
  const { header, records } = parseCsv(text, file);
  requireColumns(header, ['arrival', 'start', 'jct'], file);
  const jct: number[] = [];
  const waits = { longest: 0, neverStarted: 0 };
  for (const { line, values } of records) {
    const arrival = numberAt(values.arrival, file, line, 'arrival');
    const started = values.start !== undefined && values.start !== '';
    if (!started) waits.neverStarted++;
    const until = started ? numberAt(values.start, file, line, 'start') : Math.max(end, arrival);
    waits.longest = Math.max(waits.longest, until - arrival);
    if (values.jct === undefined || values.jct === '') continue; // unfinished job
    jct.push(numberAt(values.jct, file, line, 'jct'));
  }
  return { jct, waits, scheduleDigest: createHash('sha256').update(text).digest('hex') };
}

function presetCapacities(preset: unknown): Record<string, number> | null {
  const found = typeof preset === 'string' ? findPreset(preset) : undefined;
  if (!found) return null;
  const cluster = clusterFromPreset(found);
  return Object.fromEntries(cluster.gpuTypes.map((type, k) => [type, cluster.capacities[k]!]));
}

function numberAt(text: string | undefined, file: string, line: number, field: string): number {
  const value = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(value))
    throw InputError.expected({ file, line, field }, 'a number', text);
  return value;
}
