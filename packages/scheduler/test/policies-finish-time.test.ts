import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describeUnless, skipUnless } from 'kit/testing';
import { describe, expect, it } from 'vitest';
import {
  type FinishTimeTerms,
  finishTimeTerms,
  gavelIsolatedAllocation,
  jobProgress,
  maxFinishTimeRatio,
} from '../src/policies/finish-time-terms.ts';
import { highsRuntime } from '../src/policies/highs.ts';
import { createPolicy } from '../src/policies/index.ts';
import { makespanOf, totalThroughputOf } from '../src/policies/linear-policies.ts';
import { feasibilityViolation } from '../src/policies/objective.ts';
import { randomProblem } from '../src/policies/random-problem.ts';
import type { AllocationProblem, ProblemJob } from '../src/policies/types.ts';

function job(
  id: string,
  scaleFactor: number,
  throughputs: number[],
  stepsRemaining: number,
  timeSinceArrival: number,
): ProblemJob {
  return {
    id,
    scaleFactor,
    priorityWeight: 1,
    throughputs: Float64Array.from(throughputs),
    stepsRemaining,
    timeSinceArrival,
  };
}

function problemOf(capacities: number[], jobs: ProblemJob[], types?: string[]): AllocationProblem {
  return {
    workerTypes: types ?? capacities.map((_, k) => (k === 0 ? 'v100' : `t${k}`)),
    capacities: Float64Array.from(capacities),
    jobs,
  };
}

const ftf = () => createPolicy('finish-time-fairness');
const termsOf = (problem: AllocationProblem, agnostic = false) =>
  finishTimeTerms(problem, agnostic, jobProgress(problem, 'test'));

/** Best throughput one job can get from `share` GPUs of each type: fastest types first, time <= 1. */
function knapsack(T: number[], share: number[]): number {
  const order = T.map((_, k) => k).sort((a, b) => T[b]! - T[a]!);
  let left = 1;
  let thr = 0;
  for (const k of order) {
    const x = Math.min(share[k]!, left);
    thr += T[k]! * x;
    left -= x;
  }
  return thr;
}

/** Gavel's isolated throughput of a job among m jobs. */
function isolatedThroughput(T: number[], n: number[], m: number, s: number): number {
  const x = n.map((nk) => nk / m / s);
  const sum = Math.max(
    1,
    x.reduce((a, b) => a + b, 0),
  );
  return x.reduce((a, xk, k) => a + (T[k]! * xk) / sum, 0);
}

describe('finish-time-fairness: closed forms', () => {
  it('one job on one type: rho* = 1 + t iso / R (it gets the whole type, which is its isolated share)', async () => {
    for (const [n, s, T, R, t] of [
      [4, 1, 2, 1000, 0],
      [4, 2, 3, 5e4, 3600],
      [2, 4, 1.5, 1e5, 86400],
    ] as const) {
      const problem = problemOf([n], [job('a', s, [T], R, t)]);
      const { x, stats } = await (await ftf()).allocate(problem);
      expect(stats.fellBack).toBe(false);
      const iso = T * Math.min(1, n / s);
      expect(maxFinishTimeRatio(termsOf(problem), x, 1)).toBeCloseTo(1 + (t * iso) / R, 9);
    }
  });

  it('one job on several types: the fastest types first; D uses the isolated split of every type', async () => {
    const n = [2, 3, 8];
    const T = [5, 3, 1];
    for (const s of [1, 2, 4]) {
      const problem = problemOf(n, [job('a', s, T, 2e4, 7200)]);
      const { x } = await (await ftf()).allocate(problem);
      const best = knapsack(
        T,
        n.map((nk) => nk / s),
      );
      const iso = isolatedThroughput(T, n, 1, s);
      expect(maxFinishTimeRatio(termsOf(problem), x, 3)).toBeCloseTo((7200 + 2e4 / best) / (2e4 / iso), 8);
    }
  });

  it('identical jobs: each gets the symmetric knapsack of n_k / (J s)', async () => {
    const n = [3, 5, 10];
    const T = [4, 2, 1];
    for (const J of [2, 7, 40]) {
      const s = 2;
      const problem = problemOf(
        n,
        Array.from({ length: J }, (_, i) => job(String(i), s, T, 3e4, 1800)),
      );
      const { x } = await (await ftf()).allocate(problem);
      const best = knapsack(
        T,
        n.map((nk) => nk / (J * s)),
      );
      const iso = isolatedThroughput(T, n, J, s);
      expect(maxFinishTimeRatio(termsOf(problem), x, 3)).toBeCloseTo((1800 + 3e4 / best) / (3e4 / iso), 8);
    }
  });

  it('one type: rho* is where the time the jobs need fills the type, found by bisection in rho alone', async () => {
    const n = 6;
    const spec: [number, number, number, number][] = [
      [1, 2, 4e4, 0],
      [2, 3, 9e4, 20000],
      [1, 1, 1e4, 50000],
      [4, 5, 2e5, 3600],
      [1, 0.5, 3e3, 100],
    ];
    const problem = problemOf(
      [n],
      spec.map(([s, T, R, t], i) => job(String(i), s, [T], R, t)),
    );
    const terms = termsOf(problem);
    const D = Array.from(terms.denominator);
    // At level rho, job i needs x_i = R_i / (T_i (rho D_i - t_i)) <= 1 of the type.
    const need = (rho: number) =>
      spec.reduce((sum, [s, T, R, t], i) => sum + s * (R / (T * (rho * D[i]! - t))), 0);
    const floor = Math.max(...spec.map(([, T, R, t], i) => (t + R / T) / D[i]!));
    let lo = floor;
    let hi = floor * 1e3;
    for (let step = 0; step < 200; step++) {
      const mid = (lo + hi) / 2;
      if (need(mid) <= n) hi = mid;
      else lo = mid;
    }
    const { x } = await (await ftf()).allocate(problem);
    expect(maxFinishTimeRatio(terms, x, 1)).toBeCloseTo(Math.max(floor, hi), 8);
  });

  it('keeps the isolated time done across calls, as Gavel does (C grows by steps done / previous iso)', async () => {
    const policy = await ftf();
    const n = 3;
    const T = 2;
    const iso = T * 1; // one job alone on 3 GPUs of its type, s = 1: x = 1
    await policy.allocate(problemOf([n], [job('a', 1, [T], 1e4, 0)]));
    // 4,000 steps later (2,000 s of isolated time), 6,000 left, 3,000 s since arrival.
    const second = problemOf([n], [job('a', 1, [T], 6000, 3000)]);
    const { x } = await policy.allocate(second);
    const C = 4000 / iso;
    const expected = (3000 + 6000 / T) / (C + 6000 / iso);
    const K = 1;
    expect(maxFinishTimeRatio(termsOf(second), x, K)).toBeCloseTo(3000 / (6000 / iso) + 1, 9); // a fresh policy's view
    const terms = finishTimeTerms(second, false, jobProgress(second, 'test'), Float64Array.of(C));
    expect(maxFinishTimeRatio(terms, x, K)).toBeCloseTo(expected, 9);
    // A job that was not in the previous call gains nothing; an empty call forgets the previous one.
    await policy.allocate(problemOf([n], []));
    const third = await policy.allocate(problemOf([n], [job('a', 1, [T], 5000, 4000)]));
    expect(third.stats.fellBack).toBe(false);
  });

  it('agnostic: every usable type runs at the job V100 speed', async () => {
    const problem = problemOf(
      [1, 1],
      [job('a', 1, [4, 1], 8000, 0), job('b', 1, [1, 4], 8000, 0)],
      ['v100', 'k80'],
    );
    const { x } = await (await createPolicy('finish-time-fairness-agnostic')).allocate(problem);
    // It sees a at 4 and b at 1 on both types, so any split with each job's time summing to at
    // least its isolated share is optimal (rho 1); Gavel's ECOS, and so this policy, splits both
    // GPUs evenly (0.5, 0.5), which on the real speeds is rho 1 too.
    expect(maxFinishTimeRatio(termsOf(problem, true), x, 2)).toBeCloseTo(1, 9);
    for (const v of x) expect(v).toBeCloseTo(0.5, 6);
    const real = termsOf(problem);
    expect(maxFinishTimeRatio(real, x, 2)).toBeCloseTo(1, 6);
    // The aware policy gives a the V100 and b the K80: thr 4 against an isolated 2.5.
    const aware = await (await ftf()).allocate(problem);
    expect(maxFinishTimeRatio(real, aware.x, 2)).toBeCloseTo(2.5 / 4, 6);
  });
});

describe('finish-time-fairness: the optimum Gavel returns', () => {
  // One old job pins max rho (t = 50,000 s with 1,000 steps left: rho >= 51 whatever it gets), so
  // every allocation that keeps the others at or below it is optimal. Gavel's ECOS stops near the
  // centre of that face; the x below is Gavel's own finish_time_fairness.py (FinishTimeFairness-
  // PolicyWithPerf and FinishTimeFairnessPolicy, stanford-futuredata/gavel@c4fa400) solved by
  // cvxpy 1.9.3 with ECOS 2.0.14, to 6 digits. A simplex vertex gives a, b, c and d a few
  // percent of the time each (throughputs 0.02 to 0.07) and leaves the GPUs unallocated.
  const degenerate = () =>
    problemOf(
      [4, 4],
      [
        job('old', 1, [1, 0.25], 1000, 50000),
        job('a', 1, [2, 1], 20000, 600),
        job('b', 2, [3, 1], 30000, 1200),
        job('c', 1, [1.5, 0.5], 10000, 0),
        job('d', 4, [8, 2], 80000, 3000),
      ],
      ['v100', 'k80'],
    );
  const ecos = {
    aware: {
      old: [1.0, 0.0],
      a: [0.30786, 0.332567],
      b: [0.289972, 0.329789],
      c: [0.325842, 0.332786],
      d: [0.226523, 0.298388],
    },
    agnostic: {
      old: [0.5, 0.5],
      a: [0.325552, 0.325552],
      b: [0.309524, 0.309524],
      c: [0.32809, 0.32809],
      d: [0.259518, 0.259518],
    },
  };
  for (const variant of ['aware', 'agnostic'] as const) {
    it(`${variant}: the same max rho as ECOS and every job's throughput within 25% of ECOS's`, async () => {
      const problem = degenerate();
      const agnostic = variant === 'agnostic';
      const policy = await createPolicy(agnostic ? 'finish-time-fairness-agnostic' : 'finish-time-fairness');
      const { x, stats } = await policy.allocate(problem);
      expect(stats.fellBack).toBe(false);
      expect(feasibilityViolation(problem, x)).toBeLessThan(1e-9);
      const terms = termsOf(problem, agnostic);
      const expected = Float64Array.from(problem.jobs.flatMap((j) => ecos[variant][j.id as 'a']));
      expect(maxFinishTimeRatio(terms, x, 2)).toBeCloseTo(maxFinishTimeRatio(terms, expected, 2), 4);
      problem.jobs.forEach((j, i) => {
        const thr = (v: Float64Array) => terms.T[2 * i]! * v[2 * i]! + terms.T[2 * i + 1]! * v[2 * i + 1]!;
        expect(Math.abs(thr(x) / thr(expected) - 1), j.id).toBeLessThan(0.25);
      });
    });
  }

  it('agnostic: a type where the job cannot run also counts at its V100 speed, as in Gavel', () => {
    // Gavel's FinishTimeFairnessPolicy copies the V100 throughput into every type, zeros
    // included (ResNet-50 batch 128 on 2+ K80s is 0 in simulation_throughputs.json).
    const problem = problemOf(
      [2, 2],
      [job('a', 1, [4, 0], 8000, 0), job('b', 1, [2, 1], 8000, 0)],
      ['v100', 'k80'],
    );
    const terms = termsOf(problem, true);
    expect(Array.from(terms.T)).toEqual([4, 4, 2, 2]);
    // Isolated split: 2 GPUs / 2 jobs per type, each row scaled to 1: x = 0.5 on both types.
    expect(Array.from(terms.isolated)).toEqual([4, 2]);
    // The aware form keeps the K80 unusable for a.
    expect(termsOf(problem).isolated[0]).toBe(2);
  });
});

describe('finish-time-fairness: problems it refuses or cannot use', () => {
  it('names the job without progress', async () => {
    const problem = problemOf(
      [2],
      [{ id: 'q', scaleFactor: 1, priorityWeight: 1, throughputs: Float64Array.of(1) }],
    );
    await expect(async () => (await ftf()).allocate(problem)).rejects.toThrow(
      /finish-time-fairness needs stepsRemaining and timeSinceArrival .* job "q" has no stepsRemaining/,
    );
  });

  it('gives nothing to jobs with no steps left or no usable type, without a solve when none remains', async () => {
    const policy = await ftf();
    const done = await policy.allocate(
      problemOf([2, 0], [job('a', 1, [1, 0], 0, 10), job('b', 1, [0, 5], 10, 10)]),
    );
    expect(Array.from(done.x)).toEqual([0, 0, 0, 0]);
    expect(done.stats.lpSolves).toBe(0);
    const mixed = await policy.allocate(problemOf([2], [job('a', 1, [1], 0, 10), job('b', 1, [1], 100, 10)]));
    expect(mixed.x[0]).toBe(0);
    expect(mixed.x[1]).toBeCloseTo(1, 9);
  });
});

/** Random problems with progress: Gavel-like sizes and a day or two of history. */
const progressProblems = fc
  .record({
    jobs: fc.integer({ min: 1, max: 30 }),
    seed: fc.integer({ min: 0, max: 1e9 }),
    capacities: fc.constantFrom([36, 36, 36], [4, 3, 2], [8, 0, 2]),
  })
  .map(({ jobs, seed, capacities }) => withProgress(randomProblem({ jobs, seed, capacities }), seed));

function withProgress(problem: AllocationProblem, seed: number): AllocationProblem {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    ...problem,
    workerTypes: ['v100', 'p100', 'k80'].slice(0, problem.capacities.length),
    jobs: problem.jobs.map((j) => ({
      ...j,
      stepsRemaining: Math.round(10 ** (2 + next() * 4)),
      timeSinceArrival: next() < 0.2 ? 0 : next() * 2e5,
    })),
  };
}

describe('finish-time-fairness: properties', () => {
  it('is feasible and at least as fair as Gavel isolated allocation and as max-min fairness', async () => {
    const mmf = await createPolicy('max-min-fairness');
    await fc.assert(
      fc.asyncProperty(progressProblems, async (problem) => {
        const K = problem.capacities.length;
        // A fresh policy each time: the problems reuse job ids with unrelated progress.
        const { x, stats } = await (await ftf()).allocate(problem);
        expect(stats.fellBack).toBe(false);
        expect(feasibilityViolation(problem, x)).toBeLessThanOrEqual(1e-9);
        const terms = termsOf(problem);
        const rho = maxFinishTimeRatio(terms, x, K);
        expect(rho).toBeLessThanOrEqual(
          maxFinishTimeRatio(terms, gavelIsolatedAllocation(problem), K) * (1 + 1e-7),
        );
        const other = (await mmf.allocate(problem)).x;
        expect(rho).toBeLessThanOrEqual(maxFinishTimeRatio(terms, other, K) * (1 + 1e-7));
      }),
      { numRuns: 40 },
    );
  });

  it('agrees with a bisection on the level whose feasibility LPs are written as LP text', async () => {
    const highs = await highsRuntime();
    await fc.assert(
      fc.asyncProperty(progressProblems, async (problem) => {
        const K = problem.capacities.length;
        const { x } = await (await ftf()).allocate(problem);
        const terms = termsOf(problem);
        const expected = bisectLevel(problem, terms, (lp) => highs.solve(lp).Status === 'Optimal');
        // Relative, not absolute: levels reach the thousands, where HiGHS's feasibility
        // tolerance inside the bisection alone moves the fifth decimal.
        expect(Math.abs(maxFinishTimeRatio(terms, x, K) / expected - 1)).toBeLessThan(1e-6);
      }),
      { numRuns: 15 },
    );
  });

  it('warm re-solves over changing job sets reach the cold optimum', async () => {
    const warm = await ftf();
    const pool = withProgress(randomProblem({ jobs: 120, seed: 8, capacities: [36, 36, 36] }), 8);
    for (let round = 0; round < 5; round++) {
      const problem = { ...pool, jobs: pool.jobs.slice(round * 6, round * 6 + 80) };
      const a = await warm.allocate(problem);
      const b = await (await ftf()).allocate(problem);
      // The warm policy has history (C > 0) the cold one lacks: compare on the cold one's terms.
      const terms = termsOf(problem);
      expect(a.stats.fellBack).toBe(false);
      expect(feasibilityViolation(problem, a.x)).toBeLessThanOrEqual(1e-9);
      if (round === 0)
        expect(maxFinishTimeRatio(terms, a.x, 3)).toBeCloseTo(maxFinishTimeRatio(terms, b.x, 3), 7);
    }
  });
});

/**
 * min rho by bisection: rho is feasible when some x gives every counted job thr_i(x) >=
 * R_i / (rho D_i - t_i). Each test is an LP written in CPLEX LP text, solved by HiGHS' text
 * interface: no code shared with the policy's model builder.
 */
function bisectLevel(
  problem: AllocationProblem,
  terms: FinishTimeTerms,
  feasible: (lp: string) => boolean,
): number {
  const K = problem.capacities.length;
  const J = problem.jobs.length;
  const counted = [...Array(J).keys()].filter((i) => terms.counted[i]);
  const lp = (rho: number) => {
    const rows: string[] = [];
    for (const i of counted) {
      const need = terms.remaining[i]! / (rho * terms.denominator[i]! - terms.elapsed[i]!);
      const sum = [...Array(K).keys()]
        .filter((k) => terms.T[i * K + k]! > 0 && problem.capacities[k]! > 0)
        .map((k) => `${terms.T[i * K + k]} x_${i}_${k}`);
      rows.push(` thr${i}: ${sum.join(' + ')} >= ${need}`);
      rows.push(` time${i}: ${[...Array(K).keys()].map((k) => `x_${i}_${k}`).join(' + ')} <= 1`);
    }
    for (let k = 0; k < K; k++)
      rows.push(
        ` cap${k}: ${counted.map((i) => `${problem.jobs[i]!.scaleFactor} x_${i}_${k}`).join(' + ')} <= ${problem.capacities[k]}`,
      );
    return `Minimize\n obj: 0 x_${counted[0]}_0\nSubject To\n${rows.join('\n')}\nEnd\n`;
  };
  let lo = Math.max(...counted.map((i) => terms.elapsed[i]! / terms.denominator[i]!));
  let hi = Math.max(lo * 2, 1);
  while (!feasible(lp(hi))) hi *= 2;
  for (let step = 0; step < 80 && hi - lo > 1e-10 * hi; step++) {
    const mid = (lo + hi) / 2;
    if (mid > lo && feasible(lp(mid))) hi = mid;
    else lo = mid;
  }
  return hi;
}

describe('min-total-duration (makespan)', () => {
  it('one type: makespan* = max(max_i R_i / T_i, sum_i s_i R_i / T_i / n)', async () => {
    const policy = await createPolicy('min-total-duration');
    for (const [n, spec] of [
      [
        4,
        [
          [1, 2, 1e4],
          [2, 1, 3e4],
          [1, 4, 1e3],
        ],
      ],
      [
        100,
        [
          [1, 2, 1e4],
          [2, 1, 3e4],
        ],
      ],
    ] as const) {
      const problem = problemOf(
        [n],
        spec.map(([s, T, R], i) => job(String(i), s, [T], R, 0)),
      );
      const { x } = await policy.allocate(problem);
      const expected = Math.max(
        ...spec.map(([, T, R]) => R / T),
        spec.reduce((sum, [s, T, R]) => sum + (s * R) / T, 0) / n,
      );
      expect(makespanOf(problem, x, false)).toBeCloseTo(expected, 6);
    }
  });

  it('never finishes later than finish-time fairness or max-min fairness would', async () => {
    const policy = await createPolicy('min-total-duration');
    await fc.assert(
      fc.asyncProperty(progressProblems, async (problem) => {
        const { x } = await policy.allocate(problem);
        expect(feasibilityViolation(problem, x)).toBeLessThanOrEqual(1e-9);
        const best = makespanOf(problem, x, false);
        for (const other of ['finish-time-fairness', 'max-min-fairness'] as const) {
          const y = (await (await createPolicy(other)).allocate(problem)).x;
          expect(best).toBeLessThanOrEqual(makespanOf(problem, y, false) * (1 + 1e-7));
        }
      }),
      { numRuns: 20 },
    );
  });
});

describe('max-sum-throughput', () => {
  it('one type: fills the GPUs with the highest throughput per GPU first', async () => {
    const spec: [number, number][] = [
      [1, 2],
      [2, 3],
      [1, 5],
      [4, 4],
    ];
    const problem = problemOf(
      [4],
      spec.map(([s, T], i) => job(String(i), s, [T], 1, 0)),
    );
    const { x } = await (await createPolicy('max-sum-throughput')).allocate(problem);
    let left = 4;
    let expected = 0;
    for (const [s, T] of [...spec].sort((a, b) => b[1] / b[0] - a[1] / a[0])) {
      const xi = Math.min(1, left / s);
      expected += T * xi;
      left -= s * xi;
    }
    expect(totalThroughputOf(problem, x)).toBeCloseTo(expected, 9);
  });

  it('is feasible and beats every other policy on total throughput', async () => {
    const policy = await createPolicy('max-sum-throughput');
    const mmf = await createPolicy('max-min-fairness');
    await fc.assert(
      fc.asyncProperty(progressProblems, async (problem) => {
        const { x } = await policy.allocate(problem);
        expect(feasibilityViolation(problem, x)).toBeLessThanOrEqual(1e-9);
        const other = (await mmf.allocate(problem)).x;
        expect(totalThroughputOf(problem, x)).toBeGreaterThanOrEqual(
          totalThroughputOf(problem, other) * (1 - 1e-9),
        );
      }),
      { numRuns: 20 },
    );
  });
});

const helper = fileURLToPath(new URL('./python/finish_time_linprog.py', import.meta.url));
const scipy = spawnSync('python3', ['-c', 'import scipy.optimize'], { encoding: 'utf8' });
const scipyMissing =
  scipy.status === 0
    ? undefined
    : skipUnless('scipy', 'python3 with scipy is not available (apt-get install -y python3-scipy)');

describeUnless(scipyMissing, 'agreement with SciPy linprog (python3 helper)', () => {
  it('finish-time fairness and makespan optima match an independent solve', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const problem = withProgress(randomProblem({ jobs: 6 + seed * 4, seed, capacities: [6, 5, 4] }), seed);
      const K = 3;
      const terms = termsOf(problem);
      const idx = [...terms.counted.keys()].filter((i) => terms.counted[i]);
      const input = {
        capacities: [...problem.capacities],
        scale: idx.map((i) => problem.jobs[i]!.scaleFactor),
        T: idx.map((i) => [...terms.T.slice(i * K, i * K + K)]),
        R: idx.map((i) => terms.remaining[i]),
        t: idx.map((i) => terms.elapsed[i]),
        D: idx.map((i) => terms.denominator[i]),
      };
      const run = spawnSync('python3', [helper], { input: JSON.stringify(input), encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const reference = JSON.parse(run.stdout) as { ftf: number; makespan: number };
      const fair = await (await ftf()).allocate(problem);
      expect(Math.abs(maxFinishTimeRatio(terms, fair.x, K) / reference.ftf - 1)).toBeLessThan(1e-6);
      const makespan = await (await createPolicy('min-total-duration')).allocate(problem);
      expect(Math.abs(makespanOf(problem, makespan.x, false) / reference.makespan - 1)).toBeLessThan(1e-7);
    }
  });
});
