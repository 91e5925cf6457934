/** One job as the engine receives it. Throughputs are indexed by the cluster's type order. */
export interface JobSpec {
  id: number;
  jobType: string;
  scaleFactor: number;
  totalSteps: number;
  /** Seconds. */
  arrival: number;
  priorityWeight: number;
  /** Steps per second of the whole job on each GPU type; 0 = cannot run there. */
  throughputs: Float64Array;
  /**
   * GPU-sharing runs: milli-GPU asked of each of its `scaleFactor` GPUs (1000 = whole GPUs; below
   * 1000 the job shares one GPU with others), and its row in the run's pod table.
   */
  gpuMilli?: number;
  pod?: number;
}

/** A class of typical jobs for FGD: GPUs needed, which types it may use, and its share. */
export interface SizeClass {
  scaleFactor: number;
  /** 1 where the class can run on that type. */
  allowed: Uint8Array;
  weight: number;
}

/** Jobs in arrival order, pulled one at a time so a steady-state run can go on without bound. */
export interface Workload {
  description: string;
  next(): JobSpec | undefined;
  /** Number of jobs when known in advance. */
  total: number | undefined;
  /** The workload's typical job sizes (weights sum to 1). */
  sizeMix: SizeClass[];
  /** Rows a loader skipped on purpose (e.g. CPU-only pods), by reason. */
  skipped: Record<string, number>;
}

/** The empirical size mix of a finite job list. */
export function sizeMixOf(jobs: readonly JobSpec[]): SizeClass[] {
  const classes = new Map<string, SizeClass>();
  for (const job of jobs) {
    const allowed = Uint8Array.from(job.throughputs, (value) => (value > 0 ? 1 : 0));
    const key = `${job.scaleFactor}:${allowed.join('')}`;
    const entry = classes.get(key) ?? { scaleFactor: job.scaleFactor, allowed, weight: 0 };
    entry.weight += 1 / jobs.length;
    classes.set(key, entry);
  }
  return [...classes.values()];
}

/** A finite, already sorted list as a workload. */
export function listWorkload(
  description: string,
  jobs: JobSpec[],
  skipped: Record<string, number> = {},
): Workload {
  let next = 0;
  return {
    description,
    next: () => jobs[next++],
    total: jobs.length,
    sizeMix: sizeMixOf(jobs),
    skipped,
  };
}

/** Stable sort by arrival, keeping file order for equal times. */
export function sortByArrival(jobs: JobSpec[]): JobSpec[] {
  return jobs
    .map((job, index) => ({ job, index }))
    .sort((a, b) => a.job.arrival - b.job.arrival || a.index - b.index)
    .map(({ job }) => job);
}
