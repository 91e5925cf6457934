import { performance } from 'node:perf_hooks';
import { round } from 'kit';
import {
  clusterFromPreset,
  createPolicy,
  embeddedThroughputs,
  findPreset,
  generatedWorkload,
  resolveClusterTypes,
} from 'scheduler';

type AllocationProblem = Parameters<Awaited<ReturnType<typeof createPolicy>>['allocate']>[0];

/** One cold LP: a fresh policy (no kept model, no warm start) on `jobs` jobs; median of repeats. */
export interface LpScalingPoint {
  jobs: number;
  /** Wall ms of the whole policy call: build, solve, read. */
  allocationMs: number;
  /** Wall ms HiGHS itself spent, as the policy reports it. */
  solveMs: number;
}

/** Job counts of the dev log's story: Philly-sized sets up to Alibaba's ~1,700 active jobs. */
export const DEFAULT_JOB_COUNTS = [50, 200, 500, 1000, 1700] as const;

/**
 * The dev log timed one ECOS solve at Alibaba scale (3.0 s with ~1,700 jobs). This times the
 * same LP (`max-min-fairness` on the Alibaba preset's capacities) from cold for each job count,
 * with jobs drawn by the simulator's own generator, so the two numbers can be set side by side.
 */
export async function measureLpScaling(
  jobCounts: readonly number[] = DEFAULT_JOB_COUNTS,
  seed = 1,
  repeats = 5,
): Promise<LpScalingPoint[]> {
  const preset = findPreset('alibaba');
  if (!preset) throw new Error('the scheduler has no alibaba preset: expected it in gpusim presets');
  const cluster = clusterFromPreset(preset);
  const table = embeddedThroughputs();
  const largest = Math.max(...jobCounts);
  const workload = generatedWorkload({
    seed,
    jobsPerHour: 60,
    numJobs: largest,
    table,
    types: resolveClusterTypes(table, cluster.gpuTypes),
    capacities: cluster.capacities,
  });
  const jobs: AllocationProblem['jobs'][number][] = [];
  for (let job = workload.next(); job; job = workload.next()) {
    jobs.push({
      id: String(job.id),
      scaleFactor: job.scaleFactor,
      priorityWeight: job.priorityWeight,
      throughputs: job.throughputs,
    });
  }
  const problem = (count: number): AllocationProblem => ({
    workerTypes: cluster.gpuTypes,
    capacities: cluster.capacities,
    jobs: jobs.slice(0, count),
  });
  // One throwaway solve loads HiGHS and warms the JIT, so the first size is not charged for it.
  await (await createPolicy('max-min-fairness')).allocate(problem(Math.min(10, largest)));
  const points: LpScalingPoint[] = [];
  for (const count of jobCounts) {
    const samples: { allocationMs: number; solveMs: number }[] = [];
    for (let r = 0; r < repeats; r++) {
      const policy = await createPolicy('max-min-fairness');
      const start = performance.now();
      const result = await policy.allocate(problem(count));
      samples.push({ allocationMs: performance.now() - start, solveMs: result.stats.solveSeconds * 1000 });
    }
    // The median sample by solve time: one GC pause or a busy neighbour should not set the curve.
    samples.sort((a, b) => a.solveMs - b.solveMs);
    const median = samples[Math.floor(samples.length / 2)]!;
    points.push({
      jobs: count,
      allocationMs: round(median.allocationMs, 1)!,
      solveMs: round(median.solveMs, 1)!,
    });
  }
  return points;
}
