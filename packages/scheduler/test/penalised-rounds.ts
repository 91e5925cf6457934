import { expect } from 'vitest';
import { createMaxMinFairnessPolicy } from '../src/policies/max-min-fairness.ts';
import { feasibilityViolation, minRho } from '../src/policies/objective.ts';
import type { AllocationProblem, AllocationResult, Policy } from '../src/policies/types.ts';

/**
 * The objective the policy maximises: min rho minus (alpha / J) times the L1 move from the
 * previous allocation (new jobs move from zero), or plain min rho without a previous allocation.
 */
export function penalisedValue(problem: AllocationProblem, x: Float64Array, alpha: number): number {
  if (!problem.previousAllocation?.size) return minRho(problem, x);
  const K = problem.capacities.length;
  let moved = 0;
  problem.jobs.forEach((job, i) => {
    const prev = problem.previousAllocation?.get(job.id);
    for (let k = 0; k < K; k++) moved += Math.abs(x[i * K + k]! - (prev?.[k] ?? 0));
  });
  return minRho(problem, x) - (alpha / problem.jobs.length) * moved;
}

export function previousOf(problem: AllocationProblem, x: Float64Array): Map<string, Float64Array> {
  const K = problem.capacities.length;
  return new Map(problem.jobs.map((job, i) => [job.id, x.slice(i * K, i * K + K)]));
}

/**
 * Rounds of a sliding window over a pool of jobs (`churn` leave at the front and arrive at the
 * back each round), each answered by `policy` with the previous round's answer as x_prev and
 * checked against a fresh policy that solves the full penalised LP: same objective value,
 * feasible, no fallback. Returns each round's result for further checks.
 */
export async function expectFullLpOptimaOverRounds(options: {
  policy: Policy;
  pool: AllocationProblem;
  jobs: number;
  churn: number;
  rounds: number;
  alpha: number;
  digits?: number;
}): Promise<AllocationResult[]> {
  const { policy, pool, jobs, churn, rounds, alpha } = options;
  const results: AllocationResult[] = [];
  let previous: Map<string, Float64Array> | undefined;
  for (let round = 0; round < rounds; round++) {
    const problem = {
      ...pool,
      jobs: pool.jobs.slice(round * churn, round * churn + jobs),
      previousAllocation: previous,
    };
    const result = await policy.allocate(problem);
    const full = await (
      await createMaxMinFairnessPolicy({ agnostic: false, migrationPenalty: alpha, shortcut: false })
    ).allocate(problem);
    expect(result.stats.fellBack).toBe(false);
    expect(feasibilityViolation(problem, result.x)).toBeLessThanOrEqual(1e-9);
    expect(penalisedValue(problem, result.x, alpha)).toBeCloseTo(
      penalisedValue(problem, full.x, alpha),
      options.digits ?? 7,
    );
    results.push(result);
    previous = previousOf(problem, result.x);
  }
  return results;
}
