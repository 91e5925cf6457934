import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeUnless, skipUnless } from 'kit/testing';
import { afterAll, expect, it } from 'vitest';
import { runSweep } from '../src/sweep/run-sweep.ts';
import { findOnPath } from '../src/sweep/slurm.ts';
import {
  LATE_TRACE,
  LATE_TRACE_GRID,
  removeSweepDirs,
  sweepDir,
  TINY_GRID,
  writeSweep,
} from './sweep-fixtures.ts';

afterAll(removeSweepDirs);

/**
 * These tests submit to a real SLURM controller and run only where one answers. They start none (a
 * test run should not start daemons on a person's machine): CI runs
 * `bash packages/scheduler/slurm/local-cluster.sh start` first and sets DEVLOG_REQUIRE=slurm, so
 * there a missing controller is a failure, not a skip.
 */
const hasSbatch = Boolean(await findOnPath('sbatch'));
const missing = !hasSbatch
  ? 'sbatch is not on PATH'
  : !pingController()
    ? 'sbatch is installed but no slurmctld answers `scontrol ping`'
    : undefined;
const skipReason = skipUnless(
  'slurm',
  missing &&
    `no SLURM cluster: ${missing}; \`bash packages/scheduler/slurm/local-cluster.sh start\` (as root, it installs slurm-wlm and munge) starts one`,
);

function pingController(): boolean {
  try {
    return /is UP/.test(execFileSync('scontrol', ['ping'], { encoding: 'utf8', timeout: 10_000 }));
  } catch {
    return false;
  }
}

const POLL_MS = 300;

describeUnless(
  skipReason,
  'sweep run on a SLURM job array',
  () => {
    it('runs a 4-run grid whose combined summary equals the local backend', async () => {
      const dir = sweepDir('slurm');
      const file = writeSweep(dir, TINY_GRID);
      const progress: number[] = [];
      const slurm = await runSweep(file, {
        outDir: join(dir, 'slurm'),
        backend: 'slurm',
        maxParallel: 2,
        pollMs: POLL_MS,
        onSlurmProgress: (state) => progress.push(state.done),
      });
      expect(slurm.jobId).toMatch(/^\d+$/);
      expect(slurm.failed).toEqual([]);
      expect(slurm.script).toContain('#SBATCH --array=0-3%2');
      expect(progress.at(-1)).toBe(4);
      const local = await runSweep(file, { outDir: join(dir, 'local'), backend: 'local', workers: 2 });
      expect(local.failed).toEqual([]);
      const slurmSummary = readFileSync(join(dir, 'slurm', 'summary.csv'), 'utf8');
      expect(slurmSummary.trim().split('\n')).toHaveLength(5);
      expect(slurmSummary).toBe(readFileSync(join(dir, 'local', 'summary.csv'), 'utf8'));
      for (const name of ['fifo-s1', 'isolated-s2']) {
        expect(readFileSync(join(dir, 'slurm', name, 'jobs.csv'), 'utf8')).toBe(
          readFileSync(join(dir, 'local', name, 'jobs.csv'), 'utf8'),
        );
      }
      expect(readFileSync(join(dir, 'slurm', 'logs', `slurm-${slurm.jobId}_0.out`), 'utf8')).toMatch(
        /^SWEEP \{.*"state":"done"/m,
      );
    });

    it('reports a failing task with its log, then a rerun resumes with only that task', async () => {
      const dir = sweepDir('slurm-fail');
      const file = writeSweep(dir, LATE_TRACE_GRID);
      const out = join(dir, 'results');
      const first = await runSweep(file, { outDir: out, backend: 'slurm', pollMs: POLL_MS });
      expect(first.failed.map((status) => [status.name, status.log])).toEqual([['trace', 'logs/trace.log']]);
      expect(first.failed[0]!.error).toMatch(/late\.trace/);
      expect(readFileSync(join(out, 'logs', 'trace.log'), 'utf8')).toMatch(/late\.trace/);
      // The task exited non-zero, so SLURM's own log shows the CLI's one-line error too.
      expect(readFileSync(join(out, 'logs', `slurm-${first.jobId}_1.out`), 'utf8')).toMatch(
        /^gpusim: sweep task: run 1 \(trace\) failed: /m,
      );

      const skipped = await runSweep(file, { outDir: out, backend: 'slurm', pollMs: POLL_MS });
      expect(skipped.started).toEqual([]);
      expect(skipped.jobId).toBeUndefined();

      writeFileSync(join(dir, 'late.trace'), LATE_TRACE);
      const retried = await runSweep(file, {
        outDir: out,
        backend: 'slurm',
        pollMs: POLL_MS,
        retryFailed: true,
      });
      expect(retried.started.map((run) => run.name)).toEqual(['trace']);
      expect(retried.script).toContain('#SBATCH --array=1\n');
      expect(retried.failed).toEqual([]);
      expect(readFileSync(join(out, 'summary.csv'), 'utf8')).toMatch(/^1,trace,done,trace,completed,/m);
    });

    it('has the cluster script report the running cluster', () => {
      const script = fileURLToPath(new URL('../slurm/local-cluster.sh', import.meta.url));
      const result = spawnSync('bash', [script, 'status'], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(result.stderr).toMatch(/slurmctld: running/);
      expect(result.stderr).toMatch(/slurmd: running/);
      expect(spawnSync('bash', [script, 'bogus'], { encoding: 'utf8' }).status).toBe(2);
    });

    it('says what sbatch refused, in one line', async () => {
      const dir = sweepDir('slurm-refused');
      const file = writeSweep(dir, TINY_GRID);
      const submit = runSweep(file, {
        outDir: join(dir, 'results'),
        backend: 'slurm',
        partition: 'no-such-partition',
      });
      await expect(submit).rejects.toThrow(
        /^sbatch .*sweep\.sbatch: .*invalid partition.*, check --partition/i,
      );
    });

    it('names a task that died before it could run, with its SLURM log', async () => {
      const dir = sweepDir('slurm-crash');
      const file = writeSweep(dir, 'base: { preset: philly, numJobs: 3 }\n');
      const out = join(dir, 'results');
      // An option the task command does not know makes it exit before the simulation starts.
      const report = await runSweep(file, {
        outDir: out,
        backend: 'slurm',
        pollMs: POLL_MS,
        taskFlags: ['--no-such-flag'],
      });
      expect(report.failed).toHaveLength(1);
      const failure = report.failed[0]!;
      expect(failure.error).toBe(`SLURM task ${report.jobId}_0 ended FAILED (exit 1:0) without a result`);
      expect(failure.log).toBe(`logs/slurm-${report.jobId}_0.out`);
      expect(readFileSync(join(out, failure.log), 'utf8')).toMatch(/unknown option '--no-such-flag'/);
    });
  },
  { timeout: 180_000 },
);
