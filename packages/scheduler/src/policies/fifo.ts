import {
  type AllocationProblem,
  type AllocationResult,
  emptyStats,
  type Policy,
  type PolicyOptions,
} from './types.ts';

/**
 * FIFO with backfill, heterogeneity-aware: jobs keep the type they were given while they run;
 * the others, in the order the engine lists them (arrival order), each get the fastest type that
 * still has room for all their GPUs (the roomier one among equally fast types), with time
 * fraction 1. A job that fits nowhere waits, and a later, smaller job may take the room it could
 * not use.
 */
export function createFifoPolicy(_options: PolicyOptions): Policy {
  return {
    name: 'fifo',
    // Gavel's FIFO skips pairs of priority 0 so no queued job jumps ahead on leftover GPUs.
    onlyWhereAllocated: true,
    allocate(problem: AllocationProblem): AllocationResult {
      const K = problem.workerTypes.length;
      const { jobs, previousAllocation } = problem;
      const x = new Float64Array(jobs.length * K);
      const room = Float64Array.from(problem.capacities);
      const placed = new Uint8Array(jobs.length);
      jobs.forEach((job, i) => {
        const previous = previousAllocation?.get(job.id);
        if (!previous) return;
        for (let k = 0; k < K; k++) {
          if (previous[k]! > 0 && job.throughputs[k]! > 0 && room[k]! >= job.scaleFactor) {
            x[i * K + k] = 1;
            room[k]! -= job.scaleFactor;
            placed[i] = 1;
            return;
          }
        }
      });
      jobs.forEach((job, i) => {
        if (placed[i]) return;
        let best = -1;
        for (let k = 0; k < K; k++) {
          if (job.throughputs[k]! > 0 && room[k]! >= job.scaleFactor) {
            // Equally fast types (V100M32 and V100M16, say): the one with more room left.
            const faster = best < 0 || job.throughputs[k]! > job.throughputs[best]!;
            const asFastWithMoreRoom =
              best >= 0 && job.throughputs[k] === job.throughputs[best] && room[k]! > room[best]!;
            if (faster || asFastWithMoreRoom) best = k;
          }
        }
        if (best < 0) return;
        x[i * K + best] = 1;
        room[best]! -= job.scaleFactor;
      });
      return { x, stats: emptyStats() };
    },
  };
}
