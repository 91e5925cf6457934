import type { ProblemJob } from '../policies/types.ts';
import type { JobSpec } from '../workload/job.ts';

/**
 * How pods that share GPUs count in the allocation and in the fill: `fraction` (the default) as
 * the GPUs they ask for, so a quarter-GPU pod is a scale factor of 0.25 in the policy and takes
 * 250 milli-GPU of its type's capacity in the fill; `whole` as a whole GPU each (the ablation in
 * the README: what the engine did before GPU sharing, with placement still sharing).
 */
export type SharedPodScale = 'fraction' | 'whole';

/**
 * Every job that arrived, as columns indexed by the dense job index (arrival order). Per-type
 * columns are row-major with K entries per job. Arrays grow by doubling.
 */
export class JobStore {
  count = 0;
  private capacity = 0;
  id = new Int32Array(0);
  /** GPUs the job holds (a pod sharing one GPU: 1). */
  scaleFactor = new Int32Array(0);
  /** Milli-GPU asked of each of its GPUs (1000 unless it shares one). */
  gpuMilli = new Int32Array(0);
  /** Row in the pod table of a GPU-sharing run, else -1. */
  pod = new Int32Array(0);
  /**
   * What the job takes of its type's capacity in the round's fill, in the engine's unit: GPUs,
   * or milli-GPU in a GPU-sharing run.
   */
  demand = new Float64Array(0);
  totalSteps = new Float64Array(0);
  stepsDone = new Float64Array(0);
  arrival = new Float64Array(0);
  start = new Float64Array(0);
  finish = new Float64Array(0);
  priorityWeight = new Float64Array(0);
  /** Seconds on the fastest type alone: the isolated run time. */
  isolatedTime = new Float64Array(0);
  jobTypeIndex = new Int32Array(0);
  throughputs = new Float64Array(0);
  /** x_ik of the allocation in force (0 until the job's first reallocation). */
  allocation = new Float64Array(0);
  /** 1 once the job was in an allocation (Gavel: `job_id in self._allocation`). */
  inAllocation = new Uint8Array(0);
  /**
   * Gavel's job_time_so_far: seconds the job ran on each type since the last reset, plus a prior
   * of half a round given at arrival and at every reset.
   */
  jobTime = new Float64Array(0);
  /** Seconds of time owed (allocated minus received), updated at resets; a tie-break. */
  deficit = new Float64Array(0);
  /** The micro-task in flight: steps it runs and when it finishes. */
  roundSteps = new Float64Array(0);
  roundFinish = new Float64Array(0);
  /** Type of the GPUs held now, or -1. */
  heldType = new Int32Array(0);
  /** Type the job is scheduled on this round, or -1. */
  scheduled = new Int32Array(0);
  /** GPUs held now, or null. */
  held: (Int32Array | null)[] = [];
  problemJobs: ProblemJob[] = [];
  jobTypeNames: string[] = [];
  private readonly jobTypeLookup = new Map<string, number>();

  /** `sharing`: capacities are in milli-GPU and pods that share GPUs count as `sharing.scale` says. */
  constructor(
    readonly types: number,
    private readonly sharing?: { scale: SharedPodScale },
  ) {
    this.grow(1024);
  }

  add(spec: JobSpec): number {
    if (this.count === this.capacity) this.grow(this.capacity * 2);
    const j = this.count++;
    const K = this.types;
    this.id[j] = spec.id;
    this.scaleFactor[j] = spec.scaleFactor;
    const milli = spec.gpuMilli ?? 1000;
    this.gpuMilli[j] = milli;
    this.pod[j] = spec.pod ?? -1;
    const counted = this.sharing?.scale === 'whole' ? 1000 : milli;
    // The policy sees the GPUs the job asks for: 0.25 for a pod sharing a quarter of one.
    const scaleFactor = milli === 1000 ? spec.scaleFactor : (spec.scaleFactor * counted) / 1000;
    this.demand[j] = this.sharing ? spec.scaleFactor * counted : spec.scaleFactor;
    this.totalSteps[j] = spec.totalSteps;
    this.arrival[j] = spec.arrival;
    this.start[j] = Number.NaN;
    this.finish[j] = Number.NaN;
    this.priorityWeight[j] = spec.priorityWeight;
    let fastest = 0;
    for (let k = 0; k < K; k++) {
      const value = spec.throughputs[k]!;
      this.throughputs[j * K + k] = value;
      if (value > fastest) fastest = value;
    }
    this.isolatedTime[j] = spec.totalSteps / fastest;
    let typeIndex = this.jobTypeLookup.get(spec.jobType);
    if (typeIndex === undefined) {
      typeIndex = this.jobTypeNames.push(spec.jobType) - 1;
      this.jobTypeLookup.set(spec.jobType, typeIndex);
    }
    this.jobTypeIndex[j] = typeIndex;
    this.heldType[j] = -1;
    this.scheduled[j] = -1;
    this.inAllocation[j] = 0;
    this.held.push(null);
    this.problemJobs.push({
      id: String(spec.id),
      scaleFactor,
      priorityWeight: spec.priorityWeight,
      throughputs: this.throughputs.slice(j * K, j * K + K),
      stepsRemaining: spec.totalSteps,
      timeSinceArrival: 0,
    });
    return j;
  }

  private grow(capacity: number): void {
    const K = this.types;
    const int = (old: Int32Array, per = 1) => {
      const next = new Int32Array(capacity * per);
      next.set(old);
      return next;
    };
    const float = (old: Float64Array, per = 1) => {
      const next = new Float64Array(capacity * per);
      next.set(old);
      return next;
    };
    this.id = int(this.id);
    this.scaleFactor = int(this.scaleFactor);
    this.gpuMilli = int(this.gpuMilli);
    this.pod = int(this.pod);
    this.demand = float(this.demand);
    this.totalSteps = float(this.totalSteps);
    this.stepsDone = float(this.stepsDone);
    this.arrival = float(this.arrival);
    this.start = float(this.start);
    this.finish = float(this.finish);
    this.priorityWeight = float(this.priorityWeight);
    this.isolatedTime = float(this.isolatedTime);
    this.jobTypeIndex = int(this.jobTypeIndex);
    this.heldType = int(this.heldType);
    this.scheduled = int(this.scheduled);
    this.roundSteps = float(this.roundSteps);
    this.roundFinish = float(this.roundFinish);
    const inAllocation = new Uint8Array(capacity);
    inAllocation.set(this.inAllocation);
    this.inAllocation = inAllocation;
    this.throughputs = float(this.throughputs, K);
    this.allocation = float(this.allocation, K);
    this.jobTime = float(this.jobTime, K);
    this.deficit = float(this.deficit, K);
    this.capacity = capacity;
  }
}
