import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { LogLevel } from 'kit';
import { runLocal } from './local.ts';
import { writeManifest } from './manifest.ts';
import { type PlannedRun, planSweep, type SweepPlan } from './plan.ts';
import { runSlurm, type SlurmProgress } from './slurm.ts';
import { readSweepSource } from './source.ts';
import { RUN_FILE, type RunStatus, readStatus, readSweepState, runDir, runsToStart } from './status.ts';
import { combineSummary } from './summary.ts';

export type SweepBackend = 'local' | 'slurm';

export interface SweepRunOptions {
  outDir: string;
  backend?: SweepBackend;
  /** Rerun runs that failed before; by default they are reported and left alone. */
  retryFailed?: boolean;
  /**
   * Rerun finished runs whose run file is missing: a results folder kept (or committed) with its
   * summaries only gets its run files back. The runs are deterministic, so the summaries stay.
   */
  regenerate?: boolean;
  /**
   * The order in which the local pool starts runs (default: plan order). Longest first keeps
   * workers busy to the end: a figure's runs past its knee first, say.
   */
  compare?: (a: PlannedRun, b: PlannedRun) => number;
  /** Level of each run's own log. */
  level?: LogLevel;
  signal?: AbortSignal;
  workers?: number;
  partition?: string;
  maxParallel?: number;
  time?: string;
  /** Extra `#SBATCH` lines (`--account=lab`). */
  sbatchArgs?: readonly string[];
  dryRun?: boolean;
  pollMs?: number;
  /** Extra flags for `gpusim sweep task` in the SLURM script. */
  taskFlags?: readonly string[];
  /** Told the plan and what will run before anything starts. */
  onStart?: (info: {
    plan: SweepPlan;
    toRun: readonly PlannedRun[];
    skipped: number;
    failedBefore: readonly RunStatus[];
  }) => void;
  onRunEnd?: (status: RunStatus) => void;
  onSlurmProgress?: (progress: SlurmProgress) => void;
  onSubmitted?: (jobId: string, resumed: boolean) => void;
}

export interface SweepReport {
  plan: SweepPlan;
  /** Runs this call started. */
  started: readonly PlannedRun[];
  /** Every planned run's status after this call, in plan order (undefined: never ran). */
  statuses: readonly (RunStatus | undefined)[];
  failed: readonly RunStatus[];
  summaryPath: string;
  /** The SLURM job array's id and script, with the slurm backend. */
  jobId?: string;
  script?: string;
}

/** Plan a sweep file, run what is not done yet on the chosen backend, and combine summary.csv. */
export async function runSweep(sweepFile: string, options: SweepRunOptions): Promise<SweepReport> {
  const outDir = resolve(options.outDir);
  const plan = planSweep(await readSweepSource(sweepFile));
  const before = await readSweepState(plan, outDir);
  const toRun = runsToStart(before, options.retryFailed ?? false);
  if (options.regenerate) {
    toRun.push(...before.done.filter((run) => !existsSync(join(runDir(outDir, run.name), RUN_FILE))));
    toRun.sort((a, b) => a.index - b.index);
  }
  const summaryPath = join(outDir, 'summary.csv');
  const backend = options.backend ?? 'local';
  options.onStart?.({
    plan,
    toRun,
    skipped: before.done.length,
    failedBefore: before.failed.map((entry) => entry.status),
  });

  let jobId: string | undefined;
  let script: string | undefined;
  if (options.dryRun) {
    if (backend !== 'slurm') throw new Error('sweep run: --dry-run only applies to --backend slurm');
    const outcome = await runSlurm(plan, toRun.length ? toRun : plan.runs, {
      sweepFile,
      outDir,
      dryRun: true,
      ...slurmFlags(options),
    });
    return { plan, started: [], statuses: [], failed: [], summaryPath, script: outcome.script };
  }
  await mkdir(outDir, { recursive: true });
  await writeManifest(plan, outDir);
  if (toRun.length > 0 && backend === 'local') {
    await runLocal(options.compare ? [...toRun].sort(options.compare) : toRun, outDir, {
      ...(options.workers ? { workers: options.workers } : {}),
      ...(options.level ? { level: options.level } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onRunEnd ? { onRunEnd: options.onRunEnd } : {}),
    });
  } else if (toRun.length > 0) {
    const outcome = await runSlurm(plan, toRun, { sweepFile, outDir, ...slurmFlags(options) });
    jobId = outcome.jobId;
    script = outcome.script;
    for (const status of outcome.statuses) options.onRunEnd?.(status);
  }
  await combineSummary(plan, outDir);
  const statuses = await Promise.all(
    plan.runs.map(async (planned) => {
      const status = await readStatus(outDir, planned.name);
      return status && status.configHash === planned.configHash ? status : undefined;
    }),
  );
  const failed = statuses.filter((status): status is RunStatus => status?.state === 'failed');
  return {
    plan,
    started: toRun,
    statuses,
    failed,
    summaryPath,
    ...(jobId ? { jobId } : {}),
    ...(script ? { script } : {}),
  };
}

function slurmFlags(options: SweepRunOptions) {
  return {
    ...(options.partition ? { partition: options.partition } : {}),
    ...(options.maxParallel ? { maxParallel: options.maxParallel } : {}),
    ...(options.time ? { time: options.time } : {}),
    ...(options.sbatchArgs?.length ? { sbatchArgs: options.sbatchArgs } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.taskFlags ? { taskFlags: options.taskFlags } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onSlurmProgress ? { onProgress: options.onSlurmProgress } : {}),
    ...(options.onSubmitted ? { onSubmitted: options.onSubmitted } : {}),
  };
}
