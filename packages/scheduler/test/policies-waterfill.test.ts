import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMaxMinFairnessPolicy } from '../src/policies/max-min-fairness.ts';
import { minRho } from '../src/policies/objective.ts';
import type { AllocationProblem } from '../src/policies/types.ts';
import { ascendingOrder, waterfill } from '../src/policies/waterfill.ts';

describe('waterfill', () => {
  it('caps the jobs with small coefficients and shares the level exactly among the rest', () => {
    // n = 10; c = [0.5, 1, 4, 8], s = [2, 1, 4, 2]. Level L: job 0 caps (uses 2), job 1 caps
    // (uses 1), then 7 GPUs for jobs 2 and 3: L (4/4 + 2/8) = 7, L = 5.6, which is above
    // c = 4, so job 2 caps too (uses 4); job 3 alone: L * 2 / 8 = 3, L = 12 > 8, caps.
    const all = waterfill(Float64Array.from([0.5, 1, 4, 8]), Float64Array.from([2, 1, 4, 2]), 10);
    expect(Array.from(all.y)).toEqual([1, 1, 1, 1]);
    expect(all.level).toBe(Number.POSITIVE_INFINITY);

    // n = 4: job 0 caps at 0.5 (L = 4 / (2/0.5 + 1 + 1 + 0.25) = 0.64 > 0.5), then
    // L = 2 / (1 + 1 + 0.25) = 0.888..., below c = 1, so the others share it.
    const tight = waterfill(Float64Array.from([0.5, 1, 4, 8]), Float64Array.from([2, 1, 4, 2]), 4);
    expect(tight.y[0]).toBe(1);
    expect(tight.level).toBeCloseTo(2 / 2.25, 12);
    expect(tight.y[1]).toBeCloseTo(tight.level / 1, 12);
    expect(tight.y[2]).toBeCloseTo(tight.level / 4, 12);
    expect(tight.y[3]).toBeCloseTo(tight.level / 8, 12);
  });

  it('uses at most the capacity, keeps y in [0, 1] and equalises the uncapped jobs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.integer({ min: 1, max: 8 })), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.integer({ min: 0, max: 200 }),
        (jobs, capacity) => {
          const c = Float64Array.from(jobs, ([ci]) => ci);
          const s = Float64Array.from(jobs, ([, si]) => si);
          const { y, level } = waterfill(c, s, capacity);
          let used = 0;
          for (let m = 0; m < y.length; m++) {
            expect(y[m]).toBeGreaterThanOrEqual(0);
            expect(y[m]).toBeLessThanOrEqual(1);
            used += s[m]! * y[m]!;
            if (y[m]! < 1) expect(c[m]! * y[m]!).toBeCloseTo(level, 9);
            else expect(c[m]!).toBeLessThanOrEqual(level * (1 + 1e-12));
          }
          expect(used).toBeLessThanOrEqual(capacity * (1 + 1e-12) + 1e-12);
          // Capacity left over only when everyone is capped.
          if (Number.isFinite(level)) expect(used).toBeCloseTo(capacity, 9);
        },
      ),
    );
  });

  it('matches the min rho of the max-min LP on one type', async () => {
    const policy = await createMaxMinFairnessPolicy({ agnostic: false });
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            t: fc.double({ min: 0.1, max: 10, noNaN: true }),
            s: fc.integer({ min: 1, max: 8 }),
            w: fc.constantFrom(1, 2, 0.5),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.integer({ min: 1, max: 40 }),
        async (jobs, n) => {
          const problem: AllocationProblem = {
            workerTypes: ['only'],
            capacities: Float64Array.of(n),
            jobs: jobs.map((j, i) => ({
              id: String(i),
              scaleFactor: j.s,
              priorityWeight: j.w,
              throughputs: Float64Array.of(j.t),
            })),
          };
          // One type: P_i = T_i, so c_i = s_i / w_i.
          const { y } = waterfill(
            Float64Array.from(jobs, (j) => j.s / j.w),
            Float64Array.from(jobs, (j) => j.s),
            n,
          );
          const lp = await policy.allocate(problem);
          expect(minRho(problem, y)).toBeCloseTo(minRho(problem, lp.x), 7);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('orders by c through packed keys, and through the comparator beyond 4,096 members', () => {
    const check = (c: Float64Array) => {
      const order = ascendingOrder(c);
      expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from(c, (_, m) => m));
      // Exact except among values within 2^-40 relative of each other.
      for (let f = 1; f < order.length; f++) {
        expect(c[order[f]!]).toBeGreaterThanOrEqual(c[order[f - 1]!]! * (1 - 2 ** -40));
      }
    };
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (values) => check(Float64Array.from(values)),
      ),
    );
    // Repeated values, and values closer together than the packed index bits can tell apart.
    check(Float64Array.from({ length: 500 }, (_, m) => 1 + (m % 7)));
    check(Float64Array.from({ length: 50 }, (_, m) => 1 + m * 2 ** -45));
    check(Float64Array.from({ length: 5000 }, (_, m) => ((m * 7919) % 5000) + 0.5));
  });
});
