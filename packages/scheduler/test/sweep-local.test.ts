import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseCsv } from 'kit';
import { afterAll, describe, expect, it } from 'vitest';
import { runSimulation } from '../src/index.ts';
import { planSweep } from '../src/sweep/plan.ts';
import { runSweep } from '../src/sweep/run-sweep.ts';
import { readSweepSource } from '../src/sweep/source.ts';
import { readStatus } from '../src/sweep/status.ts';
import {
  LATE_TRACE,
  LATE_TRACE_GRID,
  removeSweepDirs,
  sweepDir,
  TINY_GRID,
  writeSweep,
} from './sweep-fixtures.ts';

afterAll(removeSweepDirs);
const exec = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/gpusim.js', import.meta.url));

const readSummary = (out: string) =>
  parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8')).records.map((record) => record.values);

describe('sweep run on the local worker pool', () => {
  it('runs a 4-run grid in worker threads, with each run equal to a direct simulation', async () => {
    const dir = sweepDir('local');
    const file = writeSweep(dir, TINY_GRID);
    const out = join(dir, 'results');
    const ended: string[] = [];
    const report = await runSweep(file, {
      outDir: out,
      workers: 2,
      onRunEnd: (status) => ended.push(status.name),
    });

    expect(report.failed).toEqual([]);
    expect(ended.sort()).toEqual(['fifo-s1', 'fifo-s2', 'isolated-s1', 'isolated-s2']);
    const rows = readSummary(out);
    expect(rows.map((row) => [row.index, row.name, row.state, row.policy, row.seed])).toEqual([
      ['0', 'fifo-s1', 'done', 'fifo', '1'],
      ['1', 'fifo-s2', 'done', 'fifo', '2'],
      ['2', 'isolated-s1', 'done', 'isolated', '1'],
      ['3', 'isolated-s2', 'done', 'isolated', '2'],
    ]);
    for (const run of report.plan.runs) {
      for (const output of ['summary.json', 'jobs.csv', 'rounds.csv', 'run.gpuviz'])
        expect(existsSync(join(out, run.name, output))).toBe(true);
      expect(readFileSync(join(out, 'logs', `${run.name}.log`), 'utf8')).toMatch(/^TELEMETRY \{/m);
    }
    // The worker's results are the simulator's: the same seed gives the same metrics in-process.
    const isolated2 = report.plan.runs[3]!;
    const direct = await runSimulation(isolated2.options);
    const row = rows[3]!;
    expect(Number(row.avgJct)).toBe(direct.summary.metrics.avgJct);
    expect(Number(row.makespan)).toBe(direct.summary.metrics.makespan);
    expect(Number(row.jobsCompleted)).toBe(direct.summary.metrics.jobsCompleted);
    expect(row.end_reason).toBe(direct.summary.endReason);
    expect(rows[0]!.avgJct).not.toBe(rows[1]!.avgJct);
  });

  it('resumes: completed runs are skipped, removed or new ones run', async () => {
    const dir = sweepDir('resume');
    const file = writeSweep(dir, TINY_GRID);
    const out = join(dir, 'results');
    await runSweep(file, { outDir: out, workers: 2 });
    const firstFinish = (await readStatus(out, 'fifo-s1'))!.finishedAt;

    const again = await runSweep(file, { outDir: out, workers: 2 });
    expect(again.started).toEqual([]);
    expect((await readStatus(out, 'fifo-s1'))!.finishedAt).toBe(firstFinish);

    rmSync(join(out, 'status', 'isolated-s2.json'));
    const partial = await runSweep(file, { outDir: out, workers: 2 });
    expect(partial.started.map((run) => run.name)).toEqual(['isolated-s2']);

    // A third seed adds two runs; the four finished ones stay finished.
    writeSweep(dir, TINY_GRID.replace('seed: [1, 2]', 'seed: [1, 2, 3]'));
    const grown = await runSweep(file, { outDir: out, workers: 2 });
    expect(grown.started.map((run) => run.name)).toEqual(['fifo-s3', 'isolated-s3']);
    expect(readSummary(out).map((row) => row.state)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
      'done',
    ]);
    expect((await readStatus(out, 'fifo-s1'))!.finishedAt).toBe(firstFinish);
  });

  it('regenerates the run files of a folder kept with its summaries only, and nothing else', async () => {
    const dir = sweepDir('regenerate');
    const file = writeSweep(dir, TINY_GRID);
    const out = join(dir, 'results');
    await runSweep(file, { outDir: out, workers: 2 });
    const summary = readFileSync(join(out, 'isolated-s1', 'summary.json'), 'utf8');
    for (const name of ['fifo-s2', 'isolated-s1']) rmSync(join(out, name, 'run.gpuviz'));
    // A plain resume sees every run done and starts none.
    expect((await runSweep(file, { outDir: out, workers: 2 })).started).toEqual([]);
    const again = await runSweep(file, { outDir: out, workers: 2, regenerate: true });
    expect(again.started.map((run) => run.name)).toEqual(['fifo-s2', 'isolated-s1']);
    expect(existsSync(join(out, 'isolated-s1', 'run.gpuviz'))).toBe(true);
    // Runs are deterministic: the summary comes back the same but for its wall-clock time.
    const strip = (text: string) => ({ ...JSON.parse(text), profile: undefined });
    expect(strip(readFileSync(join(out, 'isolated-s1', 'summary.json'), 'utf8'))).toEqual(strip(summary));
  });

  it('starts runs in the order asked for', async () => {
    const dir = sweepDir('order');
    const file = writeSweep(dir, TINY_GRID);
    const ended: string[] = [];
    const report = await runSweep(file, {
      outDir: join(dir, 'results'),
      workers: 1,
      compare: (a, b) => b.index - a.index,
      onRunEnd: (status) => ended.push(status.name),
    });
    expect(ended).toEqual(['isolated-s2', 'isolated-s1', 'fifo-s2', 'fifo-s1']);
    // Statuses still come back in plan order.
    expect(report.statuses.map((status) => status?.name)).toEqual([
      'fifo-s1',
      'fifo-s2',
      'isolated-s1',
      'isolated-s2',
    ]);
  });

  it('stops on abort and a rerun finishes only what was left', async () => {
    const dir = sweepDir('abort');
    const file = writeSweep(dir, TINY_GRID);
    const out = join(dir, 'results');
    const controller = new AbortController();
    const stopped = runSweep(file, {
      outDir: out,
      workers: 1,
      signal: controller.signal,
      onRunEnd: () => controller.abort(new Error('stop here')),
    });
    await expect(stopped).rejects.toThrow('stop here');
    const resumed = await runSweep(file, { outDir: out, workers: 2 });
    expect(resumed.started.map((run) => run.name)).toEqual(['fifo-s2', 'isolated-s1', 'isolated-s2']);
    expect(readSummary(out).map((row) => row.state)).toEqual(['done', 'done', 'done', 'done']);
  });

  it('reports a failed run with its error and log, and retries it only when asked', async () => {
    const dir = sweepDir('failed');
    const file = writeSweep(dir, LATE_TRACE_GRID);
    const out = join(dir, 'results');
    const first = await runSweep(file, { outDir: out, workers: 2 });
    expect(first.failed.map((status) => [status.name, status.log])).toEqual([['trace', 'logs/trace.log']]);
    expect(first.failed[0]!.error).toMatch(/late\.trace/);
    expect(readFileSync(join(out, 'logs', 'trace.log'), 'utf8')).toMatch(/^error: .*late\.trace/m);
    const failedRow = readSummary(out)[1]!;
    expect([failedRow.state, failedRow.avgJct]).toEqual(['failed', '']);
    expect(failedRow.error).toMatch(/late\.trace/);

    writeFileSync(join(dir, 'late.trace'), LATE_TRACE);
    const without = await runSweep(file, { outDir: out, workers: 2 });
    expect(without.started).toEqual([]);
    expect(without.failed.map((status) => status.name)).toEqual(['trace']);

    const retried = await runSweep(file, { outDir: out, workers: 2, retryFailed: true });
    expect(retried.started.map((run) => run.name)).toEqual(['trace']);
    expect(retried.failed).toEqual([]);
    const row = readSummary(out)[1]!;
    expect([row.state, row.jobsCompleted, row.error]).toEqual(['done', '2', '']);
  });
});

describe('gpusim sweep CLI', () => {
  it('prints the plan with indices', async () => {
    const dir = sweepDir('cli-plan');
    const file = writeSweep(dir, TINY_GRID);
    const { stdout } = await exec(process.execPath, [BIN, 'sweep', 'plan', file]);
    expect(stdout.split('\n')[0]).toMatch(/^index\s+name\s+policy\s+seed$/);
    expect(stdout).toMatch(/^3\s+isolated-s2\s+isolated\s+2$/m);
    expect(planSweep(await readSweepSource(file)).runs).toHaveLength(4);
  });

  it('runs the grid, prints the summary path and exits 0; a rerun skips everything', async () => {
    const dir = sweepDir('cli-run');
    const file = writeSweep(dir, TINY_GRID);
    const out = join(dir, 'results');
    const { stdout, stderr } = await exec(process.execPath, [
      BIN,
      'sweep',
      'run',
      file,
      '--out',
      out,
      '--workers',
      '2',
    ]);
    expect(stdout.trim()).toBe(join(out, 'summary.csv'));
    expect(stderr.match(/^SWEEP \{.*"state":"done"/gm)).toHaveLength(4);
    const again = await exec(process.execPath, [BIN, 'sweep', 'run', file, '--out', out]);
    expect(again.stderr).toContain('4 runs, 4 already done, 0 to run on local');
  });

  it('exits 1 naming the failed run and its log', async () => {
    const dir = sweepDir('cli-fail');
    const file = writeSweep(dir, LATE_TRACE_GRID);
    const out = join(dir, 'results');
    const error = await exec(process.execPath, [BIN, 'sweep', 'run', file, '--out', out, '-q']).then(
      () => undefined,
      (failure: { code: number; stderr: string }) => failure,
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr).toContain(`run 1 (trace) failed: `);
    expect(error?.stderr).toContain(`log ${out}/logs/trace.log`);
    expect(error?.stderr.trim().split('\n').at(-1)).toMatch(
      /^gpusim: sweep run: 1 of 2 runs failed, .*--retry-failed/,
    );
    // -q quiets the terminal, not the run logs users grep.
    expect(readFileSync(join(out, 'logs', 'gen.log'), 'utf8')).toMatch(/^TELEMETRY \{/m);
  });

  it('rejects a task index outside the plan in one line', async () => {
    const dir = sweepDir('cli-task');
    const file = writeSweep(dir, TINY_GRID);
    const error = await exec(process.execPath, [
      BIN,
      'sweep',
      'task',
      file,
      '--index',
      '4',
      '--out',
      join(dir, 'r'),
    ]).catch((failure: { code: number; stderr: string }) => failure);
    expect((error as { code: number }).code).toBe(1);
    expect((error as { stderr: string }).stderr).toBe(
      `gpusim: sweep task: --index: expected 0 to 3 (the plan of ${file}), got 4\n`,
    );
  });

  it('rejects a bad sweep file in one line', async () => {
    const dir = sweepDir('cli-bad');
    const file = writeSweep(dir, 'base:\n  numJobs: 4\naxes:\n  placement: [first-fit, worst-fit]\n');
    const error = await exec(process.execPath, [BIN, 'sweep', 'run', file, '--out', join(dir, 'r')]).catch(
      (failure: { code: number; stderr: string }) => failure,
    );
    expect((error as { code: number }).code).toBe(1);
    expect((error as { stderr: string }).stderr).toMatch(
      new RegExp(`^gpusim: ${file}:4: axes\\.placement\\[1\\]: run 1: .*got "worst-fit"\\n$`),
    );
  });

  it('says how to use the local backend when sbatch is missing', async () => {
    const dir = sweepDir('cli-nosbatch');
    const file = writeSweep(dir, TINY_GRID);
    const error = await exec(
      process.execPath,
      [BIN, 'sweep', 'run', file, '--out', join(dir, 'r'), '--backend', 'slurm', '-q'],
      {
        env: { ...process.env, PATH: '/nonexistent' },
      },
    ).catch((failure: { code: number; stderr: string }) => failure);
    expect((error as { code: number }).code).toBe(1);
    expect((error as { stderr: string }).stderr).toMatch(
      /^gpusim: sweep --backend slurm: sbatch not found on PATH, .*--backend local \[--workers N\] instead\n$/,
    );
  });

  it('prints the sbatch script on --dry-run and submits nothing', async () => {
    const dir = sweepDir('cli-dry');
    const file = writeSweep(dir, TINY_GRID);
    const out = join(dir, 'results');
    const { stdout } = await exec(
      process.execPath,
      [
        BIN,
        'sweep',
        'run',
        file,
        '--out',
        out,
        '--backend',
        'slurm',
        '--dry-run',
        '--max-parallel',
        '2',
        '-q',
      ],
      {
        env: { ...process.env, PATH: '/nonexistent' },
      },
    );
    expect(stdout).toContain('#SBATCH --array=0-3%2');
    expect(stdout).toContain(`${BIN} sweep task ${file} --index "$SLURM_ARRAY_TASK_ID" --out ${out}`);
    expect(existsSync(join(out, 'sweep.sbatch'))).toBe(false);
  });
});
