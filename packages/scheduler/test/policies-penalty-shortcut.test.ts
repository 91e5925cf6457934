import { describe, expect, it } from 'vitest';
import { highsRuntime } from '../src/policies/highs.ts';
import { buildMaxMinModel, readAllocation } from '../src/policies/lp-model.ts';
import { createMaxMinFairnessPolicy } from '../src/policies/max-min-fairness.ts';
import { rhoCoefficients } from '../src/policies/objective.ts';
import { solveAroundPrevious, type Trend } from '../src/policies/penalty-shortcut.ts';
import { ALIBABA_LIKE_TYPES, randomProblem } from '../src/policies/random-problem.ts';
import type { AllocationProblem, AllocationStats, ProblemJob } from '../src/policies/types.ts';
import { carryBasis, type SavedBasis } from '../src/policies/warm-basis.ts';
import { expectFullLpOptimaOverRounds, previousOf } from './penalised-rounds.ts';

const ALPHA = 0.1;

/** How a round was answered: kept in place (new jobs only, or with released ones) or a full solve. */
function how(stats: AllocationStats, arrivals: number): 'new only' | 'released' | 'full' {
  if (!stats.shortcut) return 'full';
  return stats.shortcut.solvedJobs > arrivals ? 'released' : 'new only';
}

describe('penalty shortcut in the policy', () => {
  it('answers rounds with the full penalised optimum, by keeping allocations or by solving everything', async () => {
    // Half the capacity of a 150-job Alibaba-like slice: some rounds keep every allocation,
    // some release kept jobs into the small LP, one needs the full LP after shortcut rounds.
    const churn = 3;
    const results = await expectFullLpOptimaOverRounds({
      policy: await createMaxMinFairnessPolicy({ agnostic: false, migrationPenalty: ALPHA }),
      pool: randomProblem({ jobs: 150 + 8 * churn, seed: 4, capacities: [194, 37, 14, 12, 9, 9] }),
      jobs: 150,
      churn,
      rounds: 8,
      alpha: ALPHA,
    });
    const seen = new Set(results.slice(1).map((result) => how(result.stats, churn)));
    expect([...seen].sort()).toEqual(['full', 'new only', 'released']);
  });

  it('stays off when asked, and every round is then a full solve', async () => {
    const pool = randomProblem({ jobs: 60, seed: 3, capacities: [194, 37, 14, 12, 9, 9] });
    const before = { ...pool, jobs: pool.jobs.slice(0, 50) };
    const secondRound = async (shortcut: boolean) => {
      const policy = await createMaxMinFairnessPolicy({ agnostic: false, migrationPenalty: ALPHA, shortcut });
      const first = await policy.allocate(before);
      const problem = {
        ...pool,
        jobs: pool.jobs.slice(2, 52),
        previousAllocation: previousOf(before, first.x),
      };
      return how((await policy.allocate(problem)).stats, 2);
    };
    // The same round is one the shortcut answers when it is on.
    expect(await secondRound(true)).toBe('new only');
    expect(await secondRound(false)).toBe('full');
  });
});

function job(id: string, throughputs: number[], scaleFactor = 1): ProblemJob {
  return { id, scaleFactor, priorityWeight: 1, throughputs: Float64Array.from(throughputs) };
}

async function shortcut(problem: AllocationProblem, alpha = ALPHA) {
  const highs = await highsRuntime();
  const model = highs.createModel();
  try {
    model.options.set({ output_flag: false });
    return solveAroundPrevious(problem, rhoCoefficients(problem), alpha, highs, model);
  } finally {
    model.dispose();
  }
}

describe('solveAroundPrevious', () => {
  // One type with 2 GPUs and unit throughputs: rho_i = x_i, so the optima are easy to state.
  const oneType = (jobs: ProblemJob[], previous: Record<string, number>): AllocationProblem => ({
    workerTypes: ['gpu'],
    capacities: Float64Array.of(2),
    jobs,
    previousAllocation: new Map(Object.entries(previous).map(([id, x]) => [id, Float64Array.of(x)])),
  });

  it('keeps the previous allocation when a newcomer fits beside it, with a duality gap of zero', async () => {
    // A and B hold one GPU each of three; C arrives and takes the third whole: t = 1.
    const problem = { ...oneType([job('a', [1]), job('b', [1]), job('c', [1])], { a: 1, b: 1 }) };
    const roomy = { ...problem, capacities: Float64Array.of(3) };
    const outcome = await shortcut(roomy);
    expect(outcome.result).toBeDefined();
    expect([...outcome.result!.x]).toEqual([1, 1, 1]);
    expect(Math.abs(outcome.result!.gap)).toBeLessThan(1e-9);
    expect(outcome.result!.keptJobs).toBe(2);
    expect(outcome.result!.solvedJobs).toBe(1);
  });

  it('releases kept jobs that should make room, reaches the optimum, and reports that t falls', async () => {
    // A and B hold both GPUs; C arrives with nothing left: C is worth more than the
    // penalty of moving A and B, so all three end at 2/3 and t falls from 1.
    const problem = oneType([job('a', [1]), job('b', [1]), job('c', [1])], { a: 1, b: 1 });
    const outcome = await shortcut(problem);
    expect(outcome.trend).toBe('down');
    expect(outcome.result).toBeDefined();
    for (const v of outcome.result!.x) expect(v).toBeCloseTo(2 / 3, 9);
    expect(outcome.result!.solvedJobs).toBe(3);
  });

  it('gives up when t should rise for jobs it keeps, and reports the rise', async () => {
    // A, B, C shared two GPUs at 2/3; C left. Raising A and B to 1 gains 1/3 of t for a
    // penalty of (0.1 / 2) * 2/3, so keeping them is not optimal.
    const problem = oneType([job('a', [1]), job('b', [1])], { a: 2 / 3, b: 2 / 3 });
    const outcome = await shortcut(problem);
    expect(outcome.result).toBeUndefined();
    expect(outcome.trend).toBe('up');
  });

  it('keeps the jobs when the penalty outweighs what t would gain', async () => {
    // The same departure with alpha = 4: moving A and B up by 1/3 each costs
    // (4 / 2) * 2/3 = 4/3 of objective for 1/3 of t, so x = p is optimal.
    const problem = oneType([job('a', [1]), job('b', [1])], { a: 2 / 3, b: 2 / 3 });
    const outcome = await shortcut(problem, 4);
    expect(outcome.result).toBeDefined();
    expect([...outcome.result!.x].map((v) => Number(v.toFixed(12)))).toEqual([
      0.666666666667, 0.666666666667,
    ]);
  });

  it('refuses a previous allocation above the capacity now there', async () => {
    const problem = oneType([job('a', [1]), job('b', [1])], { a: 1, b: 1 });
    const shrunk = { ...problem, capacities: Float64Array.of(1) };
    const outcome = await shortcut(shrunk);
    expect(outcome.result).toBeUndefined();
    expect(outcome.trend).toBeUndefined();
  });

  it('needs a previous allocation and a penalty', async () => {
    const problem = oneType([job('a', [1])], {});
    expect((await shortcut(problem)).result).toBeUndefined();
    const withPrevious = oneType([job('a', [1])], { a: 1 });
    expect((await shortcut(withPrevious, 0)).result).toBeUndefined();
  });
});

describe('full solves after the shortcut', () => {
  it('reach the full LP optimum from the composed basis, on random contended problems', async () => {
    for (const seed of [2, 6]) {
      await expectFullLpOptimaOverRounds({
        policy: await createMaxMinFairnessPolicy({ agnostic: false, migrationPenalty: ALPHA }),
        pool: randomProblem({ jobs: 150 + 24, seed, capacities: [129, 25, 9, 8, 6, 6] }),
        jobs: 150,
        churn: 3,
        rounds: 8,
        alpha: ALPHA,
      });
    }
  });
});

describe('carried basis oriented by the trend of t', () => {
  it('needs a fraction of the pivots when t turns (J = 300, capacity binding)', async () => {
    const highs = await highsRuntime();
    const capacities = ALIBABA_LIKE_TYPES.map((type) => Math.round(type.gpus / 60));
    const pool = randomProblem({ jobs: 300 + 24, seed: 77, capacities });
    const model = highs.createModel();
    model.options.set({ output_flag: false, solver: 'simplex', simplex_strategy: 1 });
    const build = (problem: AllocationProblem) =>
      buildMaxMinModel(problem, {
        c: rhoCoefficients(problem),
        migrationPenalty: ALPHA,
        infinity: highs.infinity,
        maximize: highs.constants.objectiveSense.maximize,
      });
    try {
      let saved: SavedBasis | undefined;
      let previous: Map<string, Float64Array> | undefined;
      let t = 0;
      const pivots: Record<string, number> = {};
      for (let round = 0; round < 3; round++) {
        const problem = {
          ...pool,
          jobs: pool.jobs.slice(round * 3, round * 3 + 300),
          previousAllocation: previous,
        };
        const ids = problem.jobs.map((job) => job.id);
        const built = build(problem);
        const solveFrom = (trend?: Trend) => {
          model.passModel(built.data);
          if (saved) model.setBasis(carryBasis(saved, ids, built, trend)!);
          model.run();
          return Number(model.info.get('simplex_iteration_count'));
        };
        if (round === 2) {
          // t fell from round 1 to round 2 on this pool (checked below).
          pivots.none = solveFrom(undefined);
          pivots.up = solveFrom('up');
          pivots.down = solveFrom('down');
        } else solveFrom(undefined);
        const solution = model.getSolution();
        const nextT = solution.colValue[0]!;
        if (round === 2) expect(nextT).toBeLessThan(t);
        t = nextT;
        saved = { ids, model: built, basis: model.getBasis() };
        const x = readAllocation(built, solution.colValue, problem);
        previous = previousOf(problem, x);
      }
      expect(pivots.down).toBeLessThan(pivots.none! / 3);
      expect(pivots.down).toBeLessThan(pivots.up!);
    } finally {
      model.dispose();
    }
  });
});
