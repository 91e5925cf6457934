import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from 'kit';
import type { PlannedRun, SweepPlan } from './plan.ts';

/**
 * What is known about one run in a results folder. Written by whoever ran it (a worker thread or
 * a SLURM task) as its last act, so its presence means the attempt is over.
 */
export interface RunStatus {
  index: number;
  name: string;
  state: 'done' | 'failed';
  configHash: string;
  /** One line, for failed runs. */
  error?: string;
  /** Path of the log that tells more, relative to the results folder. */
  log: string;
  finishedAt: string;
}

export const statusPath = (outDir: string, name: string) => join(outDir, 'status', `${name}.json`);
export const logPath = (outDir: string, name: string) => join(outDir, 'logs', `${name}.log`);
export const runDir = (outDir: string, name: string) => join(outDir, name);
/** The run file inside a run's folder (what the viewer opens). */
export const RUN_FILE = 'run.gpuviz';

export async function writeStatus(outDir: string, status: RunStatus): Promise<void> {
  await writeFileAtomic(statusPath(outDir, status.name), `${JSON.stringify(status, null, 2)}\n`);
}

export async function readStatus(outDir: string, name: string): Promise<RunStatus | undefined> {
  try {
    return JSON.parse(await readFile(statusPath(outDir, name), 'utf8')) as RunStatus;
  } catch {
    return undefined;
  }
}

export interface SweepState {
  /** Finished with this very configuration: skipped. */
  done: PlannedRun[];
  /** Failed earlier with this configuration: rerun only when asked. */
  failed: { run: PlannedRun; status: RunStatus }[];
  /** Never run, or run with a configuration that has since changed. */
  pending: PlannedRun[];
}

export async function readSweepState(plan: SweepPlan, outDir: string): Promise<SweepState> {
  const state: SweepState = { done: [], failed: [], pending: [] };
  for (const run of plan.runs) {
    const status = await readStatus(outDir, run.name);
    if (!status || status.configHash !== run.configHash) state.pending.push(run);
    else if (status.state === 'done') state.done.push(run);
    else state.failed.push({ run, status });
  }
  return state;
}

/** The runs a `sweep run` should start: pending ones, plus failed ones when retrying. */
export function runsToStart(state: SweepState, retryFailed: boolean): PlannedRun[] {
  const runs = [...state.pending, ...(retryFailed ? state.failed.map((entry) => entry.run) : [])];
  return runs.sort((a, b) => a.index - b.index);
}
