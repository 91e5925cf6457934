import type { AllocationProblem } from './types.ts';

/**
 * The max-min fairness objective of Gavel, stated once so every policy, test and the
 * `gpusim solve` output measure the same thing.
 *
 * P_i = sum_k T_ik n_k / N is the job's throughput on an equal share of the cluster, and
 * rho_i(x) = s_i sum_k T_ik x_ik / (w_i P_i) is its normalised effective throughput.
 * With `agnostic` every T_ik is taken as 1 (Gavel's heterogeneity-agnostic baseline).
 */

/** c_ik = s_i T_ik / (w_i P_i), row-major J x K, so rho_i(x) = sum_k c_ik x_ik. Zero where the job cannot run. */
export function rhoCoefficients(problem: AllocationProblem, agnostic = false): Float64Array {
  const { capacities, jobs } = problem;
  const K = capacities.length;
  let totalGpus = 0;
  for (let k = 0; k < K; k++) totalGpus += capacities[k]!;
  const c = new Float64Array(jobs.length * K);
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i]!;
    const T = job.throughputs;
    let equalShare = 0;
    for (let k = 0; k < K; k++) equalShare += throughputOf(T, k, agnostic) * capacities[k]!;
    equalShare /= totalGpus;
    // A job that runs nowhere (or a cluster with no GPUs) has no rho; it keeps c = 0 and
    // callers leave it out of the minimum (see `rhoCounts`).
    if (!(equalShare > 0)) continue;
    const scale = job.scaleFactor / (job.priorityWeight * equalShare);
    for (let k = 0; k < K; k++) c[i * K + k] = throughputOf(T, k, agnostic) * scale;
  }
  return c;
}

function throughputOf(T: Float64Array, k: number, agnostic: boolean): number {
  const t = T[k] ?? 0;
  if (agnostic) return t > 0 ? 1 : 0;
  return Math.max(t, 0);
}

/** rho_i(x) for every job. */
export function rhoOf(c: Float64Array, x: Float64Array, J: number, K: number): Float64Array {
  const rho = new Float64Array(J);
  for (let i = 0; i < J; i++) {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += c[i * K + k]! * x[i * K + k]!;
    rho[i] = sum;
  }
  return rho;
}

/** True when job i has some type it can run on, so its rho counts in the minimum. */
export function rhoCounts(c: Float64Array, i: number, K: number): boolean {
  for (let k = 0; k < K; k++) if (c[i * K + k]! > 0) return true;
  return false;
}

/** min_i rho_i(x) over the jobs that can run somewhere; 0 for an empty problem. */
export function minRho(problem: AllocationProblem, x: Float64Array, agnostic = false): number {
  const K = problem.capacities.length;
  const J = problem.jobs.length;
  const c = rhoCoefficients(problem, agnostic);
  const rho = rhoOf(c, x, J, K);
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < J; i++) if (rhoCounts(c, i, K) && rho[i]! < min) min = rho[i]!;
  return Number.isFinite(min) ? min : 0;
}

/**
 * The largest violation of the allocation's constraints (0 when feasible): negative
 * fractions, a job's fractions summing above 1, or a type's GPUs in use above n_k
 * (relative to n_k).
 */
export function feasibilityViolation(problem: AllocationProblem, x: Float64Array): number {
  const { capacities, jobs } = problem;
  const K = capacities.length;
  let worst = 0;
  const used = new Float64Array(K);
  for (let i = 0; i < jobs.length; i++) {
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const v = x[i * K + k]!;
      worst = Math.max(worst, -v);
      sum += v;
      used[k]! += jobs[i]!.scaleFactor * v;
    }
    worst = Math.max(worst, sum - 1);
  }
  for (let k = 0; k < K; k++)
    worst = Math.max(worst, (used[k]! - capacities[k]!) / Math.max(1, capacities[k]!));
  return worst;
}
