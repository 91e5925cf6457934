import { appendFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LogLevel } from 'kit';
import type { PlannedRun } from './plan.ts';
import { logPath, type RunStatus, writeStatus } from './status.ts';

export interface WorkerRequest {
  run: PlannedRun;
  outDir: string;
  level?: LogLevel;
}

export interface WorkerReply {
  status: RunStatus;
}

export interface LocalBackendOptions {
  /** Worker threads; default cores - 1 (at least 1), never more than there are runs. */
  workers?: number;
  level?: LogLevel;
  signal?: AbortSignal;
  /** Called as each run ends, in completion order. */
  onRunEnd?: (status: RunStatus) => void;
}

export const defaultWorkers = () => Math.max(1, availableParallelism() - 1);

const WORKER_URL = new URL('./worker-entry.js', import.meta.url);

/** Run the given runs on a pool of worker threads; resolves with their statuses in plan order. */
export async function runLocal(
  runs: readonly PlannedRun[],
  outDir: string,
  options: LocalBackendOptions = {},
): Promise<RunStatus[]> {
  const queue = [...runs];
  const statuses: RunStatus[] = [];
  const workers = new Set<Worker>();
  const size = Math.min(Math.max(1, options.workers ?? defaultWorkers()), queue.length);
  let aborted = false;
  const onAbort = () => {
    aborted = true;
    for (const worker of workers) void worker.terminate();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const finish = (status: RunStatus) => {
    statuses.push(status);
    options.onRunEnd?.(status);
  };

  // Each lane owns one worker at a time and replaces it if it dies mid-run.
  const lane = async () => {
    let worker: Worker | undefined;
    try {
      for (let run = queue.shift(); run && !aborted; run = queue.shift()) {
        if (!worker) {
          worker = new Worker(WORKER_URL);
          workers.add(worker);
        }
        const outcome = await runOn(worker, {
          run,
          outDir,
          ...(options.level ? { level: options.level } : {}),
        });
        if ('status' in outcome) {
          finish(outcome.status);
          continue;
        }
        workers.delete(worker);
        void worker.terminate();
        worker = undefined;
        if (aborted) break;
        finish(await crashed(run, outDir, outcome.crash));
      }
    } finally {
      if (worker) {
        workers.delete(worker);
        await worker.terminate();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: size }, lane));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (aborted) throw options.signal?.reason ?? new Error('sweep aborted');
  return statuses.sort((a, b) => a.index - b.index);
}

function runOn(worker: Worker, request: WorkerRequest): Promise<WorkerReply | { crash: string }> {
  return new Promise((resolve) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: WorkerReply) => {
      cleanup();
      resolve(reply);
    };
    const onError = (error: Error) => {
      cleanup();
      resolve({ crash: `worker thread failed: ${error.message}` });
    };
    const onExit = (code: number) => {
      cleanup();
      resolve({ crash: `worker thread exited with code ${code}` });
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(request);
  });
}

/** A worker that died never wrote its status: record the failure for it. */
async function crashed(run: PlannedRun, outDir: string, message: string): Promise<RunStatus> {
  const log = logPath(outDir, run.name);
  try {
    appendFileSync(log, `error: ${message}\n`);
  } catch {
    // The log folder may not exist if the worker died before opening it; the status still says why.
  }
  const status: RunStatus = {
    index: run.index,
    name: run.name,
    state: 'failed',
    configHash: run.configHash,
    error: message,
    log: relative(outDir, log),
    finishedAt: new Date().toISOString(),
  };
  await writeStatus(outDir, status);
  return status;
}
