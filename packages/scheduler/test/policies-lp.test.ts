import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { highsRuntime } from '../src/policies/highs.ts';
import { buildMaxMinModel, readAllocation } from '../src/policies/lp-model.ts';
import { chooseAlgorithm, createMaxMinFairnessPolicy } from '../src/policies/max-min-fairness.ts';
import { feasibilityViolation, minRho, rhoCoefficients, rhoOf } from '../src/policies/objective.ts';
import { randomProblem } from '../src/policies/random-problem.ts';
import { allocateSingleType } from '../src/policies/single-type.ts';
import type { AllocationProblem, ProblemJob } from '../src/policies/types.ts';
import { expectFullLpOptimaOverRounds } from './penalised-rounds.ts';

function job(id: string, scaleFactor: number, priorityWeight: number, throughputs: number[]): ProblemJob {
  return { id, scaleFactor, priorityWeight, throughputs: Float64Array.from(throughputs) };
}

function problemOf(
  capacities: number[],
  jobs: ProblemJob[],
  previous?: Map<string, Float64Array>,
): AllocationProblem {
  return {
    workerTypes: capacities.map((_, k) => `t${k}`),
    capacities: Float64Array.from(capacities),
    jobs,
    previousAllocation: previous,
  };
}

const lp = () => createMaxMinFairnessPolicy({ agnostic: false });

describe('max-min-fairness LP: closed forms', () => {
  it('one type: t* = min(min_i s_i / w_i, n / sum_i w_i)', async () => {
    const policy = await lp();
    const cases: [number, [number, number, number][]][] = [
      [
        4,
        [
          [1, 1, 2],
          [2, 1, 3],
          [1, 2, 1],
        ],
      ],
      [
        100,
        [
          [1, 1, 2],
          [2, 2, 3],
          [4, 1, 1],
        ],
      ],
      [
        3,
        [
          [1, 1, 5],
          [1, 1, 5],
          [1, 1, 5],
          [1, 1, 5],
          [1, 1, 5],
          [1, 1, 5],
        ],
      ],
    ];
    for (const [n, spec] of cases) {
      const problem = problemOf(
        [n],
        spec.map(([s, w, t], i) => job(String(i), s, w, [t])),
      );
      const { x, stats } = await policy.allocate(problem);
      const capBound = Math.min(...spec.map(([s, w]) => s / w));
      const shareBound = n / spec.reduce((sum, [, w]) => sum + w, 0);
      expect(stats.fellBack).toBe(false);
      expect(minRho(problem, x)).toBeCloseTo(Math.min(capBound, shareBound), 7);
    }
  });

  it('identical jobs: fill the fastest types first (fractional knapsack)', async () => {
    const policy = await lp();
    const capacities = [3, 5, 10];
    const T = [4, 2, 1];
    for (const J of [2, 7, 40]) {
      const s = 2;
      const problem = problemOf(
        capacities,
        Array.from({ length: J }, (_, i) => job(String(i), s, 1, T)),
      );
      const c = rhoCoefficients(problem).slice(0, 3);
      // Symmetric optimum: x_k = min(n_k / (J s), time left), types by c descending.
      let left = 1;
      let expected = 0;
      for (const k of [0, 1, 2]) {
        const xk = Math.min(capacities[k]! / (J * s), left);
        expected += c[k]! * xk;
        left -= xk;
      }
      const { x } = await policy.allocate(problem);
      expect(minRho(problem, x)).toBeCloseTo(expected, 7);
    }
  });

  it('a type nobody can use still counts in P_i: t* = min(min_i s_i N / (w_i n_1), N / sum w)', async () => {
    const policy = await lp();
    const n1 = 6;
    const n2 = 10;
    const spec: [number, number][] = [
      [1, 1],
      [2, 1],
      [1, 3],
    ];
    const problem = problemOf(
      [n1, n2],
      spec.map(([s, w], i) => job(String(i), s, w, [1 + i, 0])),
    );
    const { x } = await policy.allocate(problem);
    const N = n1 + n2;
    const expected = Math.min(
      ...spec.map(([s, w]) => (s * N) / (w * n1)),
      N / spec.reduce((a, [, w]) => a + w, 0),
    );
    expect(minRho(problem, x)).toBeCloseTo(expected, 7);
    for (let i = 0; i < spec.length; i++) expect(x[i * 2 + 1]).toBe(0);
  });
});

describe('max-min LP model: row weights of t', () => {
  it('maximises min_i (c_i x_i - b_i) / w_i, and each weight can be changed in place', async () => {
    // One GPU, c = 2 and 1: max t with 2 x_a >= t and x_b >= 4 t gives x_a = 1/9, t = 2/9
    // (with unit weights it would be x_a = 1/3, t = 2/3).
    const highs = await highsRuntime();
    const problem = problemOf([1], [job('a', 1, 1, [2]), job('b', 1, 1, [1])]);
    const built = buildMaxMinModel(problem, {
      c: Float64Array.from([2, 1]),
      levelWeights: Float64Array.from([1, 4]),
      infinity: highs.infinity,
      maximize: highs.constants.objectiveSense.maximize,
    });
    const model = highs.createModel();
    try {
      model.options.set({ output_flag: false });
      model.passModel(built.data);
      model.run();
      expect(model.getObjectiveValue()).toBeCloseTo(2 / 9, 9);
      expect(readAllocation(built, model.getSolution().colValue, problem)[0]).toBeCloseTo(1 / 9, 9);
      // Column t holds the weights in job order (finish-time fairness moves them between steps).
      model.changeCoefficient(1, 0, -1);
      model.run();
      expect(model.getObjectiveValue()).toBeCloseTo(2 / 3, 9);
    } finally {
      model.dispose();
    }
  });
});

describe('max-min-fairness LP: edge cases', () => {
  it('returns nothing, without a solve, when no job can run on a type with GPUs', async () => {
    const policy = await lp();
    const problem = problemOf([0, 4], [job('a', 1, 1, [2, 0]), job('b', 2, 1, [1, 0])]);
    const { x, stats } = await policy.allocate(problem);
    expect(Array.from(x)).toEqual([0, 0, 0, 0]);
    expect(stats.lpSolves).toBe(0);
    expect(stats.fellBack).toBe(false);
    const empty = await policy.allocate(problemOf([4], []));
    expect(empty.x).toHaveLength(0);
  });
});

describe('max-min-fairness LP: properties', () => {
  const problems = fc
    .record({
      jobs: fc.integer({ min: 1, max: 40 }),
      seed: fc.integer({ min: 0, max: 1e9 }),
      scale: fc.constantFrom(1, 0.1, 0.01),
    })
    .map(({ jobs, seed, scale }) =>
      randomProblem({
        jobs,
        seed,
        capacities: [4392, 842, 312, 265, 204, 195].map((n) => Math.max(1, Math.round(n * scale))),
      }),
    );

  it('returns feasible allocations at least as good as single-type', async () => {
    const policy = await lp();
    await fc.assert(
      fc.asyncProperty(problems, async (problem) => {
        const { x, stats } = await policy.allocate(problem);
        expect(stats.fellBack).toBe(false);
        expect(feasibilityViolation(problem, x)).toBeLessThanOrEqual(1e-9);
        const single = allocateSingleType(problem).x;
        expect(feasibilityViolation(problem, single)).toBeLessThanOrEqual(1e-9);
        expect(minRho(problem, x)).toBeGreaterThanOrEqual(minRho(problem, single) - 1e-7);
      }),
      { numRuns: 40 },
    );
  });

  it('warm re-solves (carried basis) reach the same optimum as cold solves', async () => {
    const warm = await lp();
    const pool = randomProblem({ jobs: 160, seed: 11, capacities: [60, 12, 5, 4, 3, 3] });
    for (let round = 0; round < 6; round++) {
      const jobs = pool.jobs.slice(round * 7, round * 7 + 100 + (round % 3));
      const problem = { ...pool, jobs };
      const a = await warm.allocate(problem);
      const b = await (await lp()).allocate(problem);
      expect(minRho(problem, a.x)).toBeCloseTo(minRho(problem, b.x), 7);
      expect(feasibilityViolation(problem, a.x)).toBeLessThanOrEqual(1e-9);
    }
  });
});

describe('max-min-fairness-agnostic', () => {
  it('gives min rho = 1 (with T = 1) on a cluster where every job fits (w_i = s_i, sum s_i <= N)', async () => {
    const policy = await createMaxMinFairnessPolicy({ agnostic: true });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 1e9 }), async (J, seed) => {
        const base = randomProblem({ jobs: J, seed, capacities: [40, 30, 20, 10, 5, 2], zeroProbability: 0 });
        const jobs = base.jobs.map((j) => ({ ...j, priorityWeight: j.scaleFactor }));
        const total = jobs.reduce((a, j) => a + j.scaleFactor, 0);
        fc.pre(total <= 107);
        const problem = { ...base, jobs };
        const { x } = await policy.allocate(problem);
        expect(minRho(problem, x, true)).toBeCloseTo(1, 6);
        expect(feasibilityViolation(problem, x)).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 25 },
    );
  });

  it('ignores throughput differences', async () => {
    const policy = await createMaxMinFairnessPolicy({ agnostic: true });
    const problem = problemOf(
      [1, 1],
      [job('a', 1, 1, [10, 1]), job('b', 1, 1, [10, 1]), job('c', 1, 1, [1, 1])],
    );
    const { x } = await policy.allocate(problem);
    const rho = rhoOf(rhoCoefficients(problem, true), x, 3, 2);
    // Two GPUs over three equal jobs: 2/3 each under T = 1, whatever the real speeds.
    for (const r of rho) expect(r).toBeCloseTo(2 / 3, 6);
  });
});

describe('migration penalty', () => {
  it('keeps a still-optimal previous allocation and moves less than the plain LP', async () => {
    const problem0 = randomProblem({ jobs: 60, seed: 5, capacities: [30, 10, 6, 5, 4, 4] });
    const first = await (await lp()).allocate(problem0);
    const K = 6;
    const previous = new Map(problem0.jobs.map((j, i) => [j.id, first.x.slice(i * K, i * K + K)]));
    // A few jobs leave and a few arrive.
    const pool = randomProblem({ jobs: 70, seed: 5, capacities: [30, 10, 6, 5, 4, 4] });
    const problem = {
      ...problem0,
      jobs: [...problem0.jobs.slice(5), ...pool.jobs.slice(60, 66)],
      previousAllocation: previous,
    };
    const l1 = (x: Float64Array) =>
      problem.jobs.reduce((sum, j, i) => {
        const prev = previous.get(j.id);
        if (!prev) return sum;
        let d = 0;
        for (let k = 0; k < K; k++) d += Math.abs(x[i * K + k]! - prev[k]!);
        return sum + d;
      }, 0);
    const plain = await (await lp()).allocate(problem);
    const penalised = await (
      await createMaxMinFairnessPolicy({ agnostic: false, migrationPenalty: 0.05 })
    ).allocate(problem);
    expect(feasibilityViolation(problem, penalised.x)).toBeLessThanOrEqual(1e-9);
    expect(l1(penalised.x)).toBeLessThan(l1(plain.x));
    // A small alpha trades little min rho for the stability.
    expect(minRho(problem, penalised.x)).toBeGreaterThan(0.9 * minRho(problem, plain.x));

    const same = { ...problem0, previousAllocation: previous };
    const frozen = await (
      await createMaxMinFairnessPolicy({ agnostic: false, migrationPenalty: 1 })
    ).allocate(same);
    for (let j = 0; j < frozen.x.length; j++) expect(frozen.x[j]).toBeCloseTo(first.x[j]!, 7);
  });
});

describe('migration penalty over rounds', () => {
  it('reaches the same penalised optimum warm (carried basis, dual simplex with Devex) as cold', async () => {
    const alpha = 0.2;
    await expectFullLpOptimaOverRounds({
      policy: await createMaxMinFairnessPolicy({ agnostic: false, migrationPenalty: alpha }),
      pool: randomProblem({ jobs: 140, seed: 21, capacities: [50, 10, 5, 4, 3, 3] }),
      jobs: 100,
      churn: 6,
      rounds: 5,
      alpha,
      digits: 6,
    });
  });
});

describe('algorithm choice', () => {
  it('picks the simplex variant for warm penalised re-solves by whether capacity binds, never over the user', async () => {
    const highs = await highsRuntime();
    const model = highs.createModel();
    try {
      const get = () => [
        model.options.get('solver'),
        model.options.get('simplex_strategy'),
        model.options.get('simplex_dual_edge_weight_strategy'),
      ];
      const situation = { warm: true, penalised: true, jobs: 1700, capacityBinds: true };
      chooseAlgorithm(model, situation, {});
      expect(get()).toEqual(['simplex', 1, 1]); // dual simplex, Devex
      chooseAlgorithm(model, { ...situation, capacityBinds: false }, {});
      expect(get()).toEqual(['simplex', 4, -1]); // primal simplex
      // Without the penalty: primal simplex from about 1,000 jobs, dual below, HiGHS' own pricing.
      chooseAlgorithm(model, { ...situation, penalised: false }, {});
      expect(get()).toEqual(['simplex', 4, -1]);
      chooseAlgorithm(model, { ...situation, penalised: false, jobs: 500 }, {});
      expect(get()).toEqual(['simplex', 1, -1]);
      // From cold: primal simplex, or interior point for 1,000+ jobs that want more GPUs than there are.
      chooseAlgorithm(model, { ...situation, warm: false, penalised: false }, {});
      expect(get()).toEqual(['simplex', 4, -1]);
      chooseAlgorithm(model, { ...situation, warm: false, penalised: false, oversubscribed: true }, {});
      expect(get()).toEqual(['ipm', 4, -1]);
      chooseAlgorithm(model, { ...situation, warm: false, jobs: 500, oversubscribed: true }, {});
      expect(get()).toEqual(['simplex', 4, -1]);

      const user = { simplex_strategy: 4, simplex_dual_edge_weight_strategy: 2, solver: 'choose' };
      model.options.set(user);
      chooseAlgorithm(model, situation, user);
      expect(get()).toEqual(['choose', 4, 2]);
    } finally {
      model.dispose();
    }
  });

  it('still reaches the cold penalised optimum with simplex settings the user chose', async () => {
    const alpha = 0.1;
    const user = { simplex_strategy: 4, simplex_dual_edge_weight_strategy: 0 };
    await expectFullLpOptimaOverRounds({
      policy: await createMaxMinFairnessPolicy({
        agnostic: false,
        migrationPenalty: alpha,
        solverOptions: user,
      }),
      pool: randomProblem({ jobs: 90, seed: 4, capacities: [30, 8, 4, 3, 3, 2] }),
      jobs: 70,
      churn: 5,
      rounds: 4,
      alpha,
      digits: 6,
    });
  });
});

describe('solver failure', () => {
  it('falls back to the previous allocation (zero for new jobs) without throwing', async () => {
    const problem = randomProblem({ jobs: 30, seed: 9, capacities: [20, 8, 4, 3, 3, 2] });
    const K = 6;
    const previous = new Map(
      problem.jobs.slice(0, 20).map((j) => [j.id, Float64Array.from([0.5, 0, 0, 0, 0, 0])]),
    );
    const policy = await createMaxMinFairnessPolicy({
      agnostic: false,
      solverOptions: {
        ipm_iteration_limit: 0,
        simplex_iteration_limit: 0,
        solver: 'ipm',
        run_crossover: 'off',
      },
    });
    const { x, stats } = await policy.allocate({ ...problem, previousAllocation: previous });
    expect(stats.fellBack).toBe(true);
    expect(stats.message).toMatch(/iteration limit|HiGHS/);
    expect(feasibilityViolation(problem, x)).toBeLessThanOrEqual(1e-9);
    // Old jobs keep x = 0.5 on type 0 (where they can run), scaled into its 20 GPUs; new jobs get 0.
    const kept = (i: number) => i < 20 && problem.jobs[i]!.throughputs[0]! > 0;
    const used = problem.jobs.reduce((sum, j, i) => sum + (kept(i) ? 0.5 * j.scaleFactor : 0), 0);
    const factor = Math.min(1, 20 / used);
    problem.jobs.forEach((_, i) => {
      for (let k = 0; k < K; k++) expect(x[i * K + k]).toBeCloseTo(k === 0 && kept(i) ? 0.5 * factor : 0, 9);
    });
  });

  it('falls back when HiGHS throws on the model (a zero priority weight gives infinite coefficients)', async () => {
    const policy = await lp();
    const problem = problemOf(
      [2],
      [job('x', 1, 0, [1]), job('y', 1, 1, [1])],
      new Map([['y', Float64Array.of(0.75)]]),
    );
    const { x, stats } = await policy.allocate(problem);
    expect(stats.fellBack).toBe(true);
    expect(stats.message).toMatch(/^HiGHS failed \(.+\); reused the previous allocation$/);
    expect(Array.from(x)).toEqual([0, 0.75]);
    // The policy keeps working afterwards.
    const next = await policy.allocate(problemOf([2], [job('y', 1, 1, [1])]));
    expect(next.stats.fellBack).toBe(false);
    expect(Array.from(next.x)).toEqual([1]);
  });

  it('rejects an unknown solver option when the policy is created, not mid-run', async () => {
    await expect(
      createMaxMinFairnessPolicy({ agnostic: false, solverOptions: { no_such_option: 1 } }),
    ).rejects.toThrow(/no_such_option/);
    await expect(
      createMaxMinFairnessPolicy({ agnostic: false, solverOptions: { time_limit: 'soon' } }),
    ).rejects.toThrow(/time_limit: expected a number/);
  });
});
