import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseProblemFile } from '../src/policies/problem-file.ts';
import { parseSolverOption } from '../src/policies/solver-options.ts';

const bin = fileURLToPath(new URL('../bin/gpusim.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gpusim-solve-'));

function writeProblem(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function gpusim(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, 'solve', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const good = {
  workerTypes: { v100: 4, p100: 4, k80: 4 },
  jobs: [
    { id: 'a', scaleFactor: 1, priorityWeight: 1, throughputs: { v100: 3.2, p100: 1.9, k80: 0.7 } },
    { id: 'b', scaleFactor: 2, priorityWeight: 1, throughputs: { v100: 2.2, p100: 1.9, k80: 1.2 } },
    { id: 'c', scaleFactor: 4, priorityWeight: 2, throughputs: { v100: 5, p100: 2 } },
    { id: 'd', scaleFactor: 1, priorityWeight: 1, throughputs: { v100: 1, p100: 1, k80: 1 } },
  ],
  previousAllocation: { a: { v100: 1 } },
};

/** min_i rho_i recomputed here from the printed allocation, independently of the library. */
function minRhoOf(problem: typeof good, allocation: Record<string, Record<string, number>>): number {
  const types = Object.entries(problem.workerTypes);
  const N = types.reduce((a, [, n]) => a + n, 0);
  let min = Number.POSITIVE_INFINITY;
  for (const job of problem.jobs) {
    const T = job.throughputs as Record<string, number>;
    const P = types.reduce((a, [t, n]) => a + (T[t] ?? 0) * n, 0) / N;
    const row = allocation[job.id] ?? {};
    const throughput = Object.entries(row).reduce((a, [t, x]) => a + (T[t] ?? 0) * x, 0);
    min = Math.min(min, (job.scaleFactor * throughput) / (job.priorityWeight * P));
  }
  return min;
}

describe('gpusim solve', () => {
  const file = writeProblem('good.json', good);

  const outputs = new Map<string, { objective: number }>();
  // Spawning costs about a second each (tsx compiles the CLI), so the agnostic LP is left to
  // the library tests.
  for (const policy of ['max-min-fairness', 'single-type', 'fifo']) {
    it(`prints one JSON object whose objective matches its allocation (${policy})`, () => {
      const { code, stdout, stderr } = gpusim('--policy', policy, '--problem', file);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout.trim().split('\n')).toHaveLength(1);
      const out = JSON.parse(stdout);
      expect(Object.keys(out).sort()).toEqual(['allocation', 'objective', 'policy', 'solveSeconds']);
      expect(out.policy).toBe(policy);
      expect(Object.keys(out.allocation).sort()).toEqual(['a', 'b', 'c', 'd']);
      expect(out.objective).toBeCloseTo(minRhoOf(good, out.allocation), 12);
      expect(out.solveSeconds).toBeGreaterThanOrEqual(0);
      // Capacity and time constraints hold on the printed numbers.
      const used: Record<string, number> = {};
      for (const job of good.jobs) {
        const row: Record<string, number> = out.allocation[job.id];
        expect(Object.values(row).reduce((a, v) => a + v, 0)).toBeLessThanOrEqual(1 + 1e-9);
        for (const [t, v] of Object.entries(row)) used[t] = (used[t] ?? 0) + job.scaleFactor * v;
      }
      for (const [t, n] of Object.entries(good.workerTypes))
        expect(used[t] ?? 0).toBeLessThanOrEqual(n + 1e-9);
      outputs.set(policy, out);
    });
  }

  it('finds the LP optimum, which beats or ties the other policies', () => {
    const lp = outputs.get('max-min-fairness')!.objective;
    expect(lp).toBeGreaterThanOrEqual(outputs.get('single-type')!.objective - 1e-9);
    expect(lp).toBeGreaterThanOrEqual(outputs.get('fifo')!.objective - 1e-9);
  });

  it('passes solver options to HiGHS and the migration penalty to the policy', () => {
    const ok = gpusim(
      '--policy',
      'max-min-fairness',
      '--problem',
      file,
      '--solver-option',
      'solver=simplex',
      '--solver-option',
      'time_limit=30',
      '--migration-penalty',
      '0.2',
    );
    expect(ok.code).toBe(0);
    // The penalty keeps "a" where it was: its old allocation is still optimal for it.
    expect(JSON.parse(ok.stdout).allocation.a).toEqual({ v100: 1 });

    const limited = gpusim(
      '--policy',
      'max-min-fairness',
      '--problem',
      file,
      '--solver-option',
      'solver=ipm',
      '--solver-option',
      'ipm_iteration_limit=0',
      '--solver-option',
      'run_crossover=off',
    );
    expect(limited.code).toBe(0);
    expect(limited.stderr).toMatch(
      /^gpusim: warning: HiGHS stopped with "iteration limit reached"; reused the previous allocation\n$/,
    );
    expect(JSON.parse(limited.stdout).allocation).toEqual({ a: { v100: 1 }, b: {}, c: {}, d: {} });
  });

  it('solves finish-time fairness from a file with progress and prints what the policy optimises', () => {
    const withProgress = {
      ...good,
      jobs: good.jobs.map((job, i) => ({
        ...job,
        stepsRemaining: 1000 * (i + 1),
        timeSinceArrival: 600 * i,
      })),
    };
    const path = writeProblem('progress.json', withProgress);
    const { code, stdout, stderr } = gpusim('--policy', 'finish-time-fairness', '--problem', path);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.policy).toBe('finish-time-fairness');
    expect(out.policyObjective.name).toBe('maxFinishTimeFairness');
    // Recomputed here from the printed allocation: (t + R / thr) / (R / iso), iso from Gavel's
    // even split of every type over the 4 jobs.
    const N = { v100: 4, p100: 4, k80: 4 };
    let worst = 0;
    for (const job of withProgress.jobs) {
      const T = job.throughputs as Record<string, number>;
      const share = Object.values(N).map((n) => n / 4 / job.scaleFactor);
      const norm = Math.max(
        1,
        share.reduce((a, b) => a + b, 0),
      );
      const iso = Object.keys(N).reduce((a, t, k) => a + ((T[t] ?? 0) * share[k]!) / norm, 0);
      const row: Record<string, number> = out.allocation[job.id];
      const thr = Object.entries(row).reduce((a, [t, v]) => a + (T[t] ?? 0) * v, 0);
      worst = Math.max(worst, (job.timeSinceArrival + job.stepsRemaining / thr) / (job.stepsRemaining / iso));
    }
    expect(out.policyObjective.value).toBeCloseTo(worst, 9);

    const missing = gpusim('--policy', 'min-total-duration', '--problem', file);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^gpusim: .*good\.json: jobs\[0\]\.stepsRemaining: expected a number >= 0 \(min-total-duration needs each job's steps remaining and seconds since arrival\), got nothing\n$/,
    );
  });

  const bad: [string, unknown, RegExp][] = [
    [
      'a string throughput',
      {
        ...good,
        jobs: [good.jobs[0], good.jobs[1], good.jobs[2], { ...good.jobs[3], throughputs: { v100: 'x' } }],
      },
      /bad\.json: jobs\[3\]\.throughputs\.v100: expected a number >= 0, got "x"$/,
    ],
    [
      'a negative throughput',
      { ...good, jobs: [{ ...good.jobs[0], throughputs: { v100: -1 } }] },
      /jobs\[0\]\.throughputs\.v100: expected a number >= 0, got -1$/,
    ],
    [
      'an unknown type',
      { ...good, jobs: [{ ...good.jobs[0], throughputs: { a100: 1 } }] },
      /jobs\[0\]\.throughputs\.a100: expected one of the workerTypes \(v100, p100, k80\), got "a100"$/,
    ],
    [
      'a missing scale factor',
      { ...good, jobs: [{ id: 'a', priorityWeight: 1, throughputs: { v100: 1 } }] },
      /jobs\[0\]\.scaleFactor: expected a whole number of GPUs >= 1, got nothing$/,
    ],
    [
      'duplicate ids',
      { ...good, jobs: [good.jobs[0], good.jobs[1], good.jobs[0]] },
      /jobs\[2\]\.id: expected a unique id, got "a" \(also jobs\[0\]\.id\)$/,
    ],
    ['an empty job list', { ...good, jobs: [] }, /jobs: expected at least one job, got \[\]$/],
    [
      'a job that runs nowhere',
      { ...good, jobs: [{ ...good.jobs[0], throughputs: { v100: 0 } }] },
      /jobs\[0\]\.throughputs: expected a throughput > 0 on at least one worker type with GPUs, got none$/,
    ],
    [
      'a negative GPU count',
      { ...good, workerTypes: { v100: -4 } },
      /workerTypes\.v100: expected a whole number of GPUs >= 0, got -4$/,
    ],
    [
      'a previous allocation of an unknown job',
      { ...good, previousAllocation: { z: { v100: 1 } } },
      /previousAllocation\.z: expected the id of a job in jobs, got "z"$/,
    ],
    [
      'a negative steps remaining',
      { ...good, jobs: [{ ...good.jobs[0], stepsRemaining: -3 }] },
      /jobs\[0\]\.stepsRemaining: expected a number >= 0, got -3$/,
    ],
    ['broken JSON', '{"workerTypes": ', /bad\.json: expected JSON \(/],
  ];
  for (const [what, content, message] of bad) {
    it(`rejects ${what} with one line naming the field`, () => {
      expect(() =>
        parseProblemFile(typeof content === 'string' ? content : JSON.stringify(content), 'bad.json'),
      ).toThrow(message);
    });
  }

  it('prints a bad problem file as one line on stderr and exits 1', () => {
    const path = writeProblem('bad.json', bad[0]![1]);
    const { code, stdout, stderr } = gpusim('--policy', 'single-type', '--problem', path);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^gpusim: .*bad\.json: jobs\[3\]\.throughputs\.v100: expected a number >= 0, got "x"\n$/,
    );
  });

  it('rejects an unknown policy, a missing file and a bad solver option', () => {
    const policy = gpusim('--policy', 'best', '--problem', file);
    expect(policy.code).toBe(1);
    expect(policy.stderr).toMatch(/^gpusim: --policy: expected one of fifo, .*, got "best"\n$/);
    const missing = gpusim('--policy', 'single-type', '--problem', join(dir, 'nope.json'));
    expect(missing.stderr).toMatch(/nope\.json: cannot read the problem file \(ENOENT\)/);
    const unknown = gpusim(
      '--policy',
      'max-min-fairness',
      '--problem',
      file,
      '--solver-option',
      'warp_speed=9',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^gpusim: solver option warp_speed: HiGHS has no option of that name\n$/);
  });

  it('parses --solver-option values by their look', () => {
    expect(parseSolverOption('time_limit=5')).toEqual(['time_limit', 5]);
    expect(parseSolverOption('output_flag=false')).toEqual(['output_flag', false]);
    expect(parseSolverOption('solver=ipm')).toEqual(['solver', 'ipm']);
    expect(() => parseSolverOption('time_limit')).toThrow(/--solver-option: expected key=value/);
  });
});
