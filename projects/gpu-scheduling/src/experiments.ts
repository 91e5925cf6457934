import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError, type Logger, parseCsv, requireColumns, silentLogger, toCsv, writeFileAtomic } from 'kit';
import type { LpScalingPoint } from './lp-scaling.ts';
import { keepMedianRepeats } from './repeats.ts';
import { forgetIncompleteRuns, runsFinishedSince } from './results.ts';

export const PROJECT_DIR = join(import.meta.dirname, '..');

/** The two grids of the project and where each one's results go. */
export const GRIDS = {
  default: {
    file: join(PROJECT_DIR, 'src', 'grids', 'default.yaml'),
    out: join(PROJECT_DIR, 'data', 'runs'),
  },
  full: { file: join(PROJECT_DIR, 'src', 'grids', 'full.yaml'), out: join(PROJECT_DIR, 'data', 'runs-full') },
} as const;
export type GridName = keyof typeof GRIDS;

/** Gavel's integration test (its goldens are in gavel.ts), with and without the leftover fill. */
export const GAVEL = {
  file: join(PROJECT_DIR, 'src', 'grids', 'gavel.yaml'),
  out: join(PROJECT_DIR, 'data', 'gavel'),
} as const;

/**
 * How many times the commands run each timed run (the grid and the logging runs); the repeat with
 * the median wall time is kept. Schedules do not change between repeats, only timings do.
 */
export const DEFAULT_REPEATS = 3;

/** The logging experiment: one grid run twice, at the default level and with -v. */
export const LOGGING = {
  file: join(PROJECT_DIR, 'src', 'grids', 'logging.yaml'),
  info: join(PROJECT_DIR, 'data', 'logging', 'info'),
  verbose: join(PROJECT_DIR, 'data', 'logging', 'verbose'),
} as const;

export const LP_SCALING_FILE = join(PROJECT_DIR, 'data', 'lp-scaling.csv');

/** `gpusim`'s CLI stub, found through the scheduler package so no path is hard-coded. */
export function gpusimBin(): string {
  const entry = createRequire(import.meta.url).resolve('scheduler');
  return join(dirname(entry), '..', 'bin', 'gpusim.js');
}

export interface RunGridOptions {
  grid: string;
  out: string;
  /** Worker threads; undefined = gpusim's default (cores - 1). */
  workers?: number;
  retryFailed?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  /** Where gpusim's stderr goes; inherited (the terminal) by default. */
  stderr?: 'inherit' | 'ignore' | 'pipe';
  /**
   * Runs of this call are repeated this many times in all (default 1) and the repeat with the
   * median wall time is kept (repeats.ts). Runs a resume skips are not repeated.
   */
  repeats?: number;
  logger?: Logger;
}

/**
 * Runs a grid with `gpusim sweep run <grid> --out <dir> --backend local`: worker threads, one
 * folder per run (so each run.gpuviz sits where the viewer looks), a combined summary.csv, and a
 * resume that skips runs already done; then the repeats, if asked. Resolves with gpusim's stderr
 * (of the first sweep) when piped.
 */
export async function runGrid(options: RunGridOptions): Promise<string> {
  const logger = options.logger ?? silentLogger;
  await forgetIncompleteRuns(options.out);
  const since = Date.now();
  const stderr = await sweep(options, options.out);
  const repeats = options.repeats ?? 1;
  if (repeats <= 1) return stderr;
  const ran = await runsFinishedSince(options.out, since);
  if (ran.length === 0) return stderr;
  const extra: string[] = [];
  try {
    for (let repeat = 2; repeat <= repeats; repeat++) {
      logger.info(
        `repeat ${repeat} of ${repeats} of ${ran.length} runs (for the timings; the median is kept)`,
      );
      const dir = await mkdtemp(join(tmpdir(), 'gpu-scheduling-repeat-'));
      extra.push(dir);
      await sweep({ ...options, stderr: options.stderr === 'inherit' ? 'ignore' : options.stderr }, dir);
    }
    await keepMedianRepeats(options.out, extra, ran);
  } finally {
    await Promise.all(extra.map((dir) => rm(dir, { recursive: true, force: true })));
  }
  return stderr;
}

/** One `gpusim sweep run` of the grid into `out`. */
async function sweep(options: RunGridOptions, out: string): Promise<string> {
  const args = [gpusimBin(), 'sweep', 'run', options.grid, '--out', out, '--backend', 'local'];
  if (options.workers !== undefined) args.push('--workers', String(options.workers));
  if (options.retryFailed) args.push('--retry-failed');
  if (options.quiet) args.push('-q');
  if (options.verbose) args.push('-v');
  const stderrMode = options.stderr ?? 'inherit';
  return await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', stderrMode] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stderr);
      else {
        const last = stderr.trim().split('\n').at(-1) ?? '';
        reject(
          new Error(
            `gpusim sweep run ${options.grid} exited with ${code}${last ? ` (${last})` : ''}: see ${join(out, 'logs')} and rerun to resume`,
          ),
        );
      }
    });
  });
}

/**
 * Runs the logging grid at the default level, then with -v, one worker each so both see the
 * same machine. The -v sweep's own terminal output is debug chatter: only its run logs matter.
 */
export async function runLoggingExperiment(
  options: { quiet?: boolean; repeats?: number; logger?: Logger } = {},
): Promise<void> {
  const { repeats, logger } = options;
  await runGrid({ grid: LOGGING.file, out: LOGGING.info, workers: 1, quiet: options.quiet, repeats, logger });
  await runGrid({
    grid: LOGGING.file,
    out: LOGGING.verbose,
    workers: 1,
    verbose: true,
    stderr: 'pipe',
    repeats,
    logger,
  });
}

export async function writeLpScaling(file: string, points: readonly LpScalingPoint[]): Promise<void> {
  await writeFileAtomic(
    file,
    toCsv(
      points.map((p) => ({ jobs: p.jobs, allocation_ms: p.allocationMs, solve_ms: p.solveMs })),
      ['jobs', 'allocation_ms', 'solve_ms'],
    ),
  );
}

export async function readLpScaling(file: string): Promise<LpScalingPoint[]> {
  const { header, records } = parseCsv(await readFile(file, 'utf8'), file);
  const columns = ['jobs', 'allocation_ms', 'solve_ms'] as const;
  requireColumns(header, columns, file);
  return records.map(({ line, values }) => {
    const [jobs, allocationMs, solveMs] = columns.map((column) => {
      const value = Number(values[column]);
      if (values[column] === '' || !Number.isFinite(value) || value < 0)
        throw InputError.expected({ file, line, field: column }, 'a number >= 0', values[column]);
      return value;
    }) as [number, number, number];
    return { jobs, allocationMs, solveMs };
  });
}
