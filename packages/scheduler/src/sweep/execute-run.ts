import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { createLogger, type LogLevel, oneLine } from 'kit';
import type { PlannedRun } from './plan.ts';
import { runSimulation, writeRunOutputs } from './simulator.ts';
import { logPath, type RunStatus, runDir, writeStatus } from './status.ts';

export interface ExecuteOptions {
  /** Level of the run's own log (TELEMETRY and PROFILE lines are at info). */
  level?: LogLevel;
  signal?: AbortSignal;
}

/**
 * Run one configuration here and now: its outputs go to `<out>/<name>/`, everything it logs to
 * `<out>/logs/<name>.log`, and its status last. Both backends end up here, which is what makes
 * their results identical. Never throws for a failed simulation: that is a status.
 */
export async function executeRun(
  run: PlannedRun,
  outDir: string,
  options: ExecuteOptions = {},
): Promise<RunStatus> {
  const log = logPath(outDir, run.name);
  mkdirSync(dirname(log), { recursive: true });
  // Synchronous appends: if the process dies, the log holds everything said until then.
  const fd = openSync(log, 'w');
  const logger = createLogger({
    level: options.level ?? 'info',
    write: (line) => writeSync(fd, `${line}\n`),
  });
  const base = { index: run.index, name: run.name, configHash: run.configHash, log: relative(outDir, log) };
  let status: RunStatus;
  try {
    logger.record('SWEEP_RUN', {
      index: run.index,
      name: run.name,
      labels: run.labels,
      options: run.options,
    });
    const io = options.signal ? { logger, signal: options.signal } : { logger };
    const result = await runSimulation(run.options, io);
    await writeRunOutputs(runDir(outDir, run.name), result);
    status = { ...base, state: 'done', finishedAt: new Date().toISOString() };
  } catch (error) {
    const message = oneLine(error);
    logger.error(message);
    if (error instanceof Error && error.stack && logger.enabled('debug')) logger.debug(error.stack);
    status = { ...base, state: 'failed', error: message, finishedAt: new Date().toISOString() };
  } finally {
    closeSync(fd);
  }
  await writeStatus(outDir, status);
  return status;
}
