import { jobProgress, policyThroughputs } from './finish-time-terms.ts';
import { createMaxMinFairnessPolicy } from './max-min-fairness.ts';
import type { AllocationProblem, Policy, PolicyOptions } from './types.ts';

/**
 * Gavel's makespan policy (`min_total_duration.py`): the smallest T such that every job can
 * finish its R_i remaining steps within T, sum_k T_ik x_ik >= R_i / T. With u = 1 / T that is
 * max u subject to sum_k (T_ik / R_i) x_ik >= u: the max-min LP over c_ik = T_ik / R_i, solved
 * in one LP. Gavel bisects on T instead and stops within 5% of the optimum (its `1.05 * min_T <
 * max_T` loop), keeping whatever feasible point the solver returned there; this returns the exact
 * minimum. The agnostic form (Gavel's `min_total_duration`) takes every throughput as the job's
 * V100 throughput.
 */
export function createMinTotalDurationPolicy(
  options: PolicyOptions & { agnostic: boolean },
): Promise<Policy> {
  const name = options.agnostic ? 'min-total-duration-agnostic' : 'min-total-duration';
  return createMaxMinFairnessPolicy({
    solverOptions: options.solverOptions ?? {},
    agnostic: options.agnostic,
    name,
    coefficients: (problem) => makespanCoefficients(problem, options.agnostic, name),
  });
}

/**
 * Gavel's `max_sum_throughput_perf` (`ThroughputSumWithPerf`): maximise sum_ik T_ik x_ik, the
 * total steps per second of all jobs, subject to the same time and capacity rows.
 */
export function createMaxSumThroughputPolicy(options: PolicyOptions): Promise<Policy> {
  return createMaxMinFairnessPolicy({
    solverOptions: options.solverOptions ?? {},
    agnostic: false,
    name: 'max-sum-throughput',
    objective: 'sum',
    coefficients: (problem) => policyThroughputs(problem, false),
  });
}

/**
 * c_ik = T_ik Rbar / R_i; 0 for a job with no steps left (it needs no time). The mean Rbar only
 * rescales t (to Rbar / makespan, about 1 instead of 1e-5 per second), which keeps HiGHS'
 * absolute tolerances from deciding the answer.
 */
export function makespanCoefficients(
  problem: AllocationProblem,
  agnostic: boolean,
  policy: string,
): Float64Array {
  const { remaining } = jobProgress(problem, policy);
  const K = problem.capacities.length;
  const c = policyThroughputs(problem, agnostic);
  let total = 0;
  let count = 0;
  for (const R of remaining) if (R > 0) [total, count] = [total + R, count + 1];
  const mean = count ? total / count : 1;
  for (let i = 0; i < remaining.length; i++) {
    const R = remaining[i]!;
    for (let k = 0; k < K; k++) c[i * K + k] = R > 0 ? (c[i * K + k]! * mean) / R : 0;
  }
  return c;
}

/** max_i R_i / thr_i(x): the time the last job needs to finish under x (seconds); Infinity if one never does. */
export function makespanOf(problem: AllocationProblem, x: Float64Array, agnostic: boolean): number {
  const { remaining } = jobProgress(problem, 'min-total-duration');
  const K = problem.capacities.length;
  const T = policyThroughputs(problem, agnostic);
  let worst = 0;
  for (let i = 0; i < remaining.length; i++) {
    if (!(remaining[i]! > 0)) continue;
    let thr = 0;
    for (let k = 0; k < K; k++) thr += T[i * K + k]! * x[i * K + k]!;
    worst = Math.max(worst, thr > 0 ? remaining[i]! / thr : Number.POSITIVE_INFINITY);
  }
  return worst;
}

/** sum_ik T_ik x_ik. */
export function totalThroughputOf(problem: AllocationProblem, x: Float64Array): number {
  const T = policyThroughputs(problem, false);
  let sum = 0;
  for (let j = 0; j < T.length; j++) sum += T[j]! * x[j]!;
  return sum;
}
