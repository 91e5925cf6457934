import {
  type AllocationProblem,
  type AllocationResult,
  emptyStats,
  type Policy,
  type PolicyOptions,
} from './types.ts';

/**
 * Equal share: every job gets the same slice of every GPU type it can run on,
 * x_ik = n_k / max(sum_j s_j, N) where N is the cluster's GPU count. Then no type is
 * oversubscribed (sum_i s_i x_ik <= n_k) and no job is given more than all of its time.
 */
export function createIsolatedPolicy(_options: PolicyOptions): Policy {
  return {
    name: 'isolated',
    heterogeneityAgnostic: true,
    allocate(problem: AllocationProblem): AllocationResult {
      const K = problem.workerTypes.length;
      const { jobs, capacities } = problem;
      let demand = 0;
      for (const job of jobs) demand += job.scaleFactor;
      let gpus = 0;
      for (let k = 0; k < K; k++) gpus += capacities[k]!;
      const denominator = Math.max(demand, gpus, 1);
      const x = new Float64Array(jobs.length * K);
      jobs.forEach((job, i) => {
        for (let k = 0; k < K; k++) {
          if (job.throughputs[k]! > 0) x[i * K + k] = capacities[k]! / denominator;
        }
      });
      return { x, stats: emptyStats() };
    },
  };
}
