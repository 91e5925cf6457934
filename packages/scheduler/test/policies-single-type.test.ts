import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMaxMinFairnessPolicy } from '../src/policies/max-min-fairness.ts';
import { feasibilityViolation, minRho } from '../src/policies/objective.ts';
import { randomProblem } from '../src/policies/random-problem.ts';
import { allocateSingleType, createSingleTypePolicy } from '../src/policies/single-type.ts';
import type { AllocationProblem } from '../src/policies/types.ts';

const ALIBABA = [4392, 842, 312, 265, 204, 195];

function typesUsed(problem: AllocationProblem, x: Float64Array): number[] {
  const K = problem.capacities.length;
  const used = new Array<number>(K).fill(0);
  problem.jobs.forEach((j, i) => {
    for (let k = 0; k < K; k++) used[k]! += j.scaleFactor * x[i * K + k]!;
  });
  return used;
}

describe('single-type', () => {
  it('puts each job on at most one type and stays feasible', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 1e9 }),
        fc.constantFrom(1, 0.1, 0.01),
        (J, seed, scale) => {
          const problem = randomProblem({
            jobs: J,
            seed,
            capacities: ALIBABA.map((n) => Math.max(1, Math.round(n * scale))),
          });
          const { x } = allocateSingleType(problem);
          expect(feasibilityViolation(problem, x)).toBeLessThanOrEqual(1e-9);
          for (let i = 0; i < J; i++) {
            let types = 0;
            for (let k = 0; k < 6; k++) if (x[i * 6 + k]! > 0) types++;
            expect(types).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reaches >= 0.95 of the LP min rho with >= 200 jobs on Alibaba-like types, leaving no type with demand idle', {
    timeout: 180_000,
  }, async () => {
    const cases = [
      { jobs: 200, scale: 1 },
      { jobs: 500, scale: 1 },
      { jobs: 1700, scale: 1 },
      { jobs: 1700, scale: 0.125 },
      { jobs: 300, scale: 0.1 },
    ];
    for (const { jobs, scale } of cases) {
      for (const seed of [1, 2]) {
        const problem = randomProblem({ jobs, seed, capacities: ALIBABA.map((n) => Math.round(n * scale)) });
        const lp = await createMaxMinFairnessPolicy({ agnostic: false });
        const best = minRho(problem, (await lp.allocate(problem)).x);
        const { x } = allocateSingleType(problem);
        expect(minRho(problem, x) / best, `J=${jobs} scale=${scale} seed=${seed}`).toBeGreaterThanOrEqual(
          0.95,
        );
        // Every type some job can run on carries work.
        for (const used of typesUsed(problem, x)) expect(used).toBeGreaterThan(0);
      }
    }
  });

  it('sticks to the current type unless the new one is (1 + penalty) times better', async () => {
    // Two types of 1 GPU; "a" runs 1.2x faster on t1 but ran on t0 last round.
    const problem: AllocationProblem = {
      workerTypes: ['t0', 't1'],
      capacities: Float64Array.of(1, 1),
      jobs: [{ id: 'a', scaleFactor: 1, priorityWeight: 1, throughputs: Float64Array.of(1, 1.2) }],
      previousAllocation: new Map([['a', Float64Array.of(1, 0)]]),
    };
    const free = await createSingleTypePolicy({}).allocate(problem);
    expect(Array.from(free.x)).toEqual([0, 1]);
    const lowPenalty = await createSingleTypePolicy({ migrationPenalty: 0.1 }).allocate(problem);
    expect(Array.from(lowPenalty.x)).toEqual([0, 1]);
    const highPenalty = await createSingleTypePolicy({ migrationPenalty: 0.5 }).allocate(problem);
    expect(Array.from(highPenalty.x)).toEqual([1, 0]);
  });

  it('does not cling to a type that has filled up meanwhile', async () => {
    // "b" ran alone on t1; now "a", which can only use t1, arrives. Staying would halve b's
    // share, so b moves to the idle t0 even with a large penalty.
    const problem: AllocationProblem = {
      workerTypes: ['t0', 't1'],
      capacities: Float64Array.of(1, 1),
      jobs: [
        { id: 'a', scaleFactor: 1, priorityWeight: 1, throughputs: Float64Array.of(0, 1) },
        { id: 'b', scaleFactor: 1, priorityWeight: 1, throughputs: Float64Array.of(1, 1) },
      ],
      previousAllocation: new Map([['b', Float64Array.of(0, 1)]]),
    };
    const { x } = await createSingleTypePolicy({ migrationPenalty: 0.5 }).allocate(problem);
    expect(Array.from(x)).toEqual([0, 1, 1, 0]);
  });
});
