import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, readFile, rm } from 'node:fs/promises';
import { delimiter, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { oneLine, writeFileAtomic } from 'kit';
import type { PlannedRun, SweepPlan } from './plan.ts';
import { sbatchScript, slurmLogPath } from './sbatch-script.ts';
import {
  isActive,
  parseDelimitedTasks,
  parseSbatchJobId,
  parseScontrolTasks,
  type TaskState,
} from './slurm-parse.ts';
import { type RunStatus, readStatus, statusPath, writeStatus } from './status.ts';

const run = promisify(execFile);

export const GPUSIM_BIN = fileURLToPath(new URL('../../bin/gpusim.js', import.meta.url));
export const SCRIPT_FILE = 'sweep.sbatch';
export const JOB_FILE = 'slurm-job.json';
const MAX_SQUEUE_MISSES = 5;

export class SbatchMissingError extends Error {
  override name = 'SbatchMissingError';
  constructor() {
    super(
      'sweep --backend slurm: sbatch not found on PATH, run on a SLURM login node, or run here with --backend local [--workers N] instead',
    );
  }
}

export interface SlurmProgress {
  total: number;
  done: number;
  failed: number;
  running: number;
  pending: number;
}

export interface SlurmBackendOptions {
  sweepFile: string;
  outDir: string;
  partition?: string;
  maxParallel?: number;
  time?: string;
  sbatchArgs?: readonly string[];
  taskFlags?: readonly string[];
  /** Print nothing anywhere, submit nothing: just return the script. */
  dryRun?: boolean;
  /** How often squeue is asked; polite on a real cluster, short in tests. */
  pollMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: SlurmProgress) => void;
  /** Told once the job id is known (new submission or a job still running from before). */
  onSubmitted?: (jobId: string, resumed: boolean) => void;
}

export interface SlurmOutcome {
  script: string;
  jobId?: string;
  statuses: RunStatus[];
}

export async function findOnPath(command: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

interface JobRecord {
  jobId: string;
  indices: number[];
  submittedAt: string;
}

/** Submit the runs as one job array, follow it to the end, and return every run's status. */
export async function runSlurm(
  plan: SweepPlan,
  runs: readonly PlannedRun[],
  options: SlurmBackendOptions,
): Promise<SlurmOutcome> {
  const outDir = resolve(options.outDir);
  const script = sbatchScript({
    sweepFile: resolve(options.sweepFile),
    outDir,
    indices: runs.map((planned) => planned.index),
    jobName: `gpusim-${plan.name}`,
    node: process.execPath,
    gpusimBin: GPUSIM_BIN,
    ...(options.partition ? { partition: options.partition } : {}),
    ...(options.maxParallel ? { maxParallel: options.maxParallel } : {}),
    ...(options.time ? { time: options.time } : {}),
    ...(options.sbatchArgs ? { extra: options.sbatchArgs } : {}),
    ...(options.taskFlags ? { taskFlags: options.taskFlags } : {}),
  });
  if (options.dryRun) return { script, statuses: [] };
  if (!(await findOnPath('sbatch'))) throw new SbatchMissingError();

  await mkdir(join(outDir, 'logs'), { recursive: true });
  // A job from an earlier `sweep run` that is still going is followed, not submitted twice.
  const previous = await readJobRecord(outDir);
  let jobId: string;
  let resumed = false;
  if (previous && (await queuedTasks(previous.jobId)).length > 0) {
    jobId = previous.jobId;
    resumed = true;
  } else {
    // Old statuses of the runs about to start would make them look finished before they begin.
    await Promise.all(runs.map((planned) => rm(statusPath(outDir, planned.name), { force: true })));
    const scriptPath = join(outDir, SCRIPT_FILE);
    await writeFileAtomic(scriptPath, script);
    let stdout: string;
    try {
      ({ stdout } = await run('sbatch', ['--parsable', scriptPath], { cwd: outDir }));
    } catch (error) {
      const said = oneLine((error as { stderr?: string }).stderr || error);
      throw new Error(
        `sbatch ${scriptPath}: ${said}, check --partition, --time and the cluster's limits (--dry-run prints the script)`,
      );
    }
    jobId = parseSbatchJobId(stdout);
    const record: JobRecord = {
      jobId,
      indices: runs.map((planned) => planned.index),
      submittedAt: new Date().toISOString(),
    };
    await writeFileAtomic(join(outDir, JOB_FILE), `${JSON.stringify(record, null, 2)}\n`);
  }
  options.onSubmitted?.(jobId, resumed);
  const following =
    resumed && previous ? plan.runs.filter((planned) => previous.indices.includes(planned.index)) : [...runs];

  const pollMs = options.pollMs ?? 5000;
  let last = '';
  let misses = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    let queued: TaskState[];
    try {
      queued = await queuedTasks(jobId);
      misses = 0;
    } catch (error) {
      // A busy controller times out now and then; the job goes on regardless.
      if (++misses >= MAX_SQUEUE_MISSES)
        throw new Error(`squeue -j ${jobId}: ${oneLine((error as { stderr?: string }).stderr || error)}`);
      await sleep(pollMs, options.signal);
      continue;
    }
    const progress = await measure(following, outDir, queued);
    const key = JSON.stringify(progress);
    if (key !== last) options.onProgress?.(progress);
    last = key;
    if (queued.length === 0) break;
    await sleep(pollMs, options.signal);
  }

  // Tasks that ended without writing a status died outside the simulator (time limit, node
  // failure, a crash before the run began): their SLURM log says why.
  const statuses: RunStatus[] = [];
  let finalStates: TaskState[] | undefined;
  for (const planned of following) {
    const status = await readStatus(outDir, planned.name);
    if (status && status.configHash === planned.configHash) {
      statuses.push(status);
      continue;
    }
    finalStates ??= await endedTasks(jobId);
    const task = finalStates.find((candidate) => candidate.index === planned.index);
    const log = slurmLogPath(outDir, jobId, planned.index);
    const ended = task ? `ended ${task.state}${task.exitCode ? ` (exit ${task.exitCode})` : ''}` : 'ended';
    const lost: RunStatus = {
      index: planned.index,
      name: planned.name,
      state: 'failed',
      configHash: planned.configHash,
      error: `SLURM task ${jobId}_${planned.index} ${ended} without a result`,
      log: relative(outDir, log),
      finishedAt: new Date().toISOString(),
    };
    await writeStatus(outDir, lost);
    statuses.push(lost);
  }
  return { script, jobId, statuses: statuses.sort((a, b) => a.index - b.index) };
}

async function measure(
  runs: readonly PlannedRun[],
  outDir: string,
  queued: TaskState[],
): Promise<SlurmProgress> {
  const progress: SlurmProgress = { total: runs.length, done: 0, failed: 0, running: 0, pending: 0 };
  for (const planned of runs) {
    const status = await readStatus(outDir, planned.name);
    if (status && status.configHash === planned.configHash)
      progress[status.state === 'done' ? 'done' : 'failed']++;
  }
  for (const task of queued) {
    if (task.state === 'PENDING') progress.pending++;
    else if (task.state === 'RUNNING') progress.running++;
  }
  return progress;
}

/** Tasks SLURM still has queued or running; [] once the job is over or forgotten. */
async function queuedTasks(jobId: string): Promise<TaskState[]> {
  try {
    const { stdout } = await run('squeue', ['-h', '-r', '-j', jobId, '-o', '%i|%T']);
    return parseDelimitedTasks(stdout, jobId).filter((task) => isActive(task.state));
  } catch (error) {
    // squeue says "Invalid job id specified" once the controller has purged a finished job.
    if (/invalid job id/i.test(String((error as { stderr?: string }).stderr ?? ''))) return [];
    throw error;
  }
}

/** Final task states: sacct when there is an accounting database, otherwise the controller. */
async function endedTasks(jobId: string): Promise<TaskState[]> {
  try {
    const { stdout } = await run('sacct', ['-n', '-P', '-X', '-j', jobId, '-o', 'JobID,State,ExitCode']);
    const tasks = parseDelimitedTasks(stdout, jobId);
    if (tasks.length > 0) return tasks;
  } catch {}
  try {
    const { stdout } = await run('scontrol', ['show', 'job', jobId, '-o']);
    return parseScontrolTasks(stdout);
  } catch {
    return [];
  }
}

async function readJobRecord(outDir: string): Promise<JobRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(outDir, JOB_FILE), 'utf8')) as JobRecord;
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolvePromise();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
