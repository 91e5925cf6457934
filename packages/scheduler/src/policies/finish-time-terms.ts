import { rhoOf } from './objective.ts';
import type { AllocationProblem } from './types.ts';

/**
 * The quantities of Gavel's finish-time fairness (`finish_time_fairness.py`), computed once per
 * call and shared by the policy, `gpusim solve` and the tests.
 *
 * For job i with R_i steps left, t_i seconds since it arrived and throughput thr_i(x) =
 * sum_k T_ik x_ik under allocation x, the policy minimises max_i rho_i(x) with
 *
 *   rho_i(x) = (t_i + R_i / thr_i(x)) / (C_i + R_i / iso_i)
 *
 * where iso_i is the throughput of Gavel's isolated allocation (`isolated.py`: every type split
 * evenly over the m jobs of the call, x_ik = n_k / (m s_i), each row scaled to sum to at most 1) and
 * C_i the isolated time already done (see `IsolatedTimeLedger`). The heterogeneity-agnostic form
 * replaces every throughput by the job's V100 throughput before anything else, as Gavel does.
 */
export interface FinishTimeTerms {
  /** T_ik as the policy sees it (V100 throughputs everywhere for the agnostic form), J x K. */
  T: Float64Array;
  /** iso_i. */
  isolated: Float64Array;
  /** R_i, t_i and D_i = C_i + R_i / iso_i. */
  remaining: Float64Array;
  elapsed: Float64Array;
  denominator: Float64Array;
  /** 1 when job i takes part: it has steps left and can run on a type with GPUs. */
  counted: Uint8Array;
}

/**
 * Steps remaining and time since arrival of every job, or an error naming the first job without
 * them (policies that need progress refuse a problem without it rather than guess).
 */
export function jobProgress(
  problem: AllocationProblem,
  policy: string,
): { remaining: Float64Array; elapsed: Float64Array } {
  const J = problem.jobs.length;
  const remaining = new Float64Array(J);
  const elapsed = new Float64Array(J);
  for (let i = 0; i < J; i++) {
    const job = problem.jobs[i]!;
    const R = job.stepsRemaining;
    const t = job.timeSinceArrival;
    if (R === undefined || t === undefined || !(R >= 0) || !(t >= 0) || !Number.isFinite(R + t)) {
      throw new Error(
        `${policy} needs stepsRemaining and timeSinceArrival (numbers >= 0) on every job, job "${job.id}" has ${R === undefined ? 'no stepsRemaining' : t === undefined ? 'no timeSinceArrival' : `stepsRemaining ${R} and timeSinceArrival ${t}`}`,
      );
    }
    remaining[i] = R;
    elapsed[i] = t;
  }
  return { remaining, elapsed };
}

/** Index of the type named v100 (Gavel's reference type), or -1. */
export function referenceType(workerTypes: readonly string[]): number {
  return workerTypes.findIndex((name) => name.toLowerCase() === 'v100');
}

/**
 * T_ik, J x K. Agnostic: every type gets the job's V100 throughput (or, on a cluster without
 * V100s, its fastest), a type where the job cannot run included: Gavel's agnostic
 * finish_time_fairness.py and min_total_duration.py copy `throughputs[job_id]['v100']` into every
 * type, so ResNet-50 (batch size 128) on 2, 4 or 8 K80s (throughput 0 in
 * simulation_throughputs.json) counts in the policy's isolated throughput and may be given K80
 * time, which the round mechanism then never uses (scheduler.py skips types where a job's
 * throughput is 0, as the engine's fill does).
 */
export function policyThroughputs(problem: AllocationProblem, agnostic: boolean): Float64Array {
  const K = problem.capacities.length;
  const J = problem.jobs.length;
  const T = new Float64Array(J * K);
  const v100 = referenceType(problem.workerTypes);
  for (let i = 0; i < J; i++) {
    const own = problem.jobs[i]!.throughputs;
    let reference = 0;
    if (agnostic) {
      if (v100 >= 0) reference = Math.max(0, own[v100] ?? 0);
      if (!(reference > 0)) for (let k = 0; k < K; k++) reference = Math.max(reference, own[k] ?? 0);
    }
    for (let k = 0; k < K; k++) {
      const value = Math.max(0, own[k] ?? 0);
      T[i * K + k] = agnostic ? reference : value;
    }
  }
  return T;
}

/** Gavel's isolated allocation (`IsolatedPolicy._get_allocation`), J x K. */
export function gavelIsolatedAllocation(problem: AllocationProblem): Float64Array {
  const { capacities, jobs } = problem;
  const K = capacities.length;
  const m = jobs.length;
  const x = new Float64Array(m * K);
  for (let i = 0; i < m; i++) {
    const s = jobs[i]!.scaleFactor;
    let sum = 0;
    for (let k = 0; k < K; k++) {
      x[i * K + k] = capacities[k]! / m / s;
      sum += x[i * K + k]!;
    }
    const scale = Math.max(sum, 1);
    for (let k = 0; k < K; k++) x[i * K + k]! /= scale;
  }
  return x;
}

/** thr_i(x) = sum_k T_ik x_ik for every job: the same sum as rho with T in place of c. */
export const throughputsUnder: (T: Float64Array, x: Float64Array, J: number, K: number) => Float64Array =
  rhoOf;

/**
 * The terms of one call from the jobs' progress (`jobProgress`) and the isolated time each has
 * already done (C_i by job index; 0 for all when absent, as in a first call).
 */
export function finishTimeTerms(
  problem: AllocationProblem,
  agnostic: boolean,
  progress: { remaining: Float64Array; elapsed: Float64Array },
  cumulative?: Float64Array,
): FinishTimeTerms {
  const J = problem.jobs.length;
  const K = problem.capacities.length;
  const { remaining, elapsed } = progress;
  const T = policyThroughputs(problem, agnostic);
  const isolated = throughputsUnder(T, gavelIsolatedAllocation(problem), J, K);
  const denominator = new Float64Array(J);
  const counted = new Uint8Array(J);
  for (let i = 0; i < J; i++) {
    const C = cumulative ? cumulative[i]! : 0;
    const usable = problem.capacities.some((n, k) => n > 0 && T[i * K + k]! > 0);
    if (!(remaining[i]! > 0) || !(isolated[i]! > 0) || !usable) continue;
    denominator[i] = C + remaining[i]! / isolated[i]!;
    counted[i] = 1;
  }
  return { T, isolated, remaining, elapsed, denominator, counted };
}

/** rho_i(x) for the counted jobs (NaN for the others; +Infinity where thr_i(x) = 0). */
export function finishTimeRatios(terms: FinishTimeTerms, x: Float64Array, K: number): Float64Array {
  const J = terms.counted.length;
  const thr = throughputsUnder(terms.T, x, J, K);
  const rho = new Float64Array(J).fill(Number.NaN);
  for (let i = 0; i < J; i++) {
    if (!terms.counted[i]) continue;
    const time = thr[i]! > 0 ? terms.elapsed[i]! + terms.remaining[i]! / thr[i]! : Number.POSITIVE_INFINITY;
    rho[i] = time / terms.denominator[i]!;
  }
  return rho;
}

/** max_i rho_i(x) over the counted jobs: the objective (lower is fairer); 0 when none counts. */
export function maxFinishTimeRatio(terms: FinishTimeTerms, x: Float64Array, K: number): number {
  let worst = 0;
  for (const value of finishTimeRatios(terms, x, K)) if (value > worst) worst = value;
  return worst;
}

/**
 * Gavel's cumulative isolated time, kept across calls (`FinishTimeFairnessPolicyWithPerf`): each
 * call adds, for every job that was in the previous call, the steps it did since then divided by
 * its isolated throughput in that call. Only the previous call's jobs count; an empty call forgets
 * the previous one, as Gavel's does.
 */
export class IsolatedTimeLedger {
  private readonly cumulative = new Map<string, number>();
  private previous = new Map<string, { remaining: number; isolated: number }>();

  /** Brings every job of this call up to date and returns its isolated time done so far. */
  advance(ids: readonly string[], remaining: Float64Array): Float64Array {
    const out = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      let C = this.cumulative.get(id) ?? 0;
      const before = this.previous.get(id);
      // Steps left only fall in a run; a job whose count grew (a caller reusing ids) adds nothing.
      if (before && before.isolated > 0) C += Math.max(0, before.remaining - remaining[i]!) / before.isolated;
      this.cumulative.set(id, C);
      out[i] = C;
    }
    return out;
  }

  /** Remembers this call's steps remaining and isolated throughputs for the next one. */
  commit(ids: readonly string[], remaining: Float64Array, isolated: Float64Array): void {
    this.previous = new Map();
    for (let i = 0; i < ids.length; i++)
      this.previous.set(ids[i]!, { remaining: remaining[i]!, isolated: isolated[i]! });
  }

  forgetPrevious(): void {
    this.previous = new Map();
  }
}
