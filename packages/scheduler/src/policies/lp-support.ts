import type { Highs, Model } from 'highs';
import { repairFeasibility } from './lp-model.ts';
import { applySolverOptions, type SolverOptions } from './solver-options.ts';
import type { AllocationProblem, AllocationResult, AllocationStats } from './types.ts';
import type { SavedBasis } from './warm-basis.ts';

/**
 * What every LP policy does the same way around its solves: one configured HiGHS model, the basis
 * kept for the next call, and the fallback to the previous allocation when HiGHS fails.
 */

/** HiGHS' model status for an optimal solve. */
export const OPTIMAL = 7;

/** A HiGHS model with logging off and the user's `--solver-option` settings applied. */
export function configuredModel(highs: Highs, userOptions: SolverOptions): Model {
  const model = highs.createModel();
  try {
    model.options.set({ output_flag: false });
    applySolverOptions(model, userOptions);
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** True when HiGHS says the model holds a valid basis (IPM without crossover leaves none). */
export function hasValidBasis(model: Model): boolean {
  try {
    return Number(model.info.get('basis_validity')) === 1;
  } catch {
    return false;
  }
}

/** Keeps the basis only when HiGHS says it is a valid one. */
export function savedBasis(
  model: Model,
  ids: readonly string[],
  built: SavedBasis['model'],
): SavedBasis | undefined {
  try {
    return hasValidBasis(model) ? { ids, model: built, basis: model.getBasis() } : undefined;
  } catch {
    return undefined;
  }
}

/** The last allocation a policy returned, by job id, for the fallback. */
export function allocationById(
  ids: readonly string[],
  x: Float64Array,
  K: number,
): Map<string, Float64Array> {
  const last = new Map<string, Float64Array>();
  for (let i = 0; i < ids.length; i++) last.set(ids[i]!, x.slice(i * K, i * K + K));
  return last;
}

/**
 * The previous allocation for jobs that had one (the engine's view first, else the policy's last
 * answer), zero for new jobs, scaled back into the current capacities.
 */
export function fallBack(
  problem: AllocationProblem,
  last: ReadonlyMap<string, Float64Array>,
  stats: AllocationStats,
  why: string,
): AllocationResult {
  const K = problem.capacities.length;
  const x = new Float64Array(problem.jobs.length * K);
  problem.jobs.forEach((job, i) => {
    const prev = problem.previousAllocation?.get(job.id) ?? last.get(job.id);
    if (!prev) return;
    for (let k = 0; k < K; k++) {
      const v = prev[k] ?? 0;
      x[i * K + k] = v > 0 && (job.throughputs[k] ?? 0) > 0 ? Math.min(v, 1) : 0;
    }
  });
  repairFeasibility(x, problem);
  stats.fellBack = true;
  stats.message = `${why}; reused the previous allocation`;
  return { x, stats };
}

/**
 * A HiGHS call threw: the model's solver state is cleared (the next passModel replaces the rest)
 * and the previous allocation stands in. The policy forgets its carried basis itself.
 */
export function solverThrew(
  model: Model,
  problem: AllocationProblem,
  last: ReadonlyMap<string, Float64Array>,
  stats: AllocationStats,
  error: unknown,
): AllocationResult {
  try {
    model.clearSolver();
  } catch {
    // The next passModel replaces the model anyway.
  }
  const why = error instanceof Error ? error.message : String(error);
  return fallBack(problem, last, stats, `HiGHS failed (${why})`);
}

const STATUS_NAMES: Record<number, string> = {
  0: 'status not set',
  1: 'a load error',
  2: 'an invalid model',
  3: 'a presolve error',
  4: 'a solve error',
  5: 'a postsolve error',
  6: 'an empty model',
  8: 'infeasible',
  9: 'unbounded or infeasible',
  10: 'unbounded',
  11: 'objective bound reached',
  12: 'objective target reached',
  13: 'time limit reached',
  14: 'iteration limit reached',
  15: 'an unknown status',
  16: 'solution limit reached',
  17: 'interrupted',
};

export function statusName(code: number): string {
  return `"${STATUS_NAMES[code] ?? `status ${code}`}"`;
}
