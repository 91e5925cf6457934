import { lastAtOrBefore } from './search.ts';
import { type RoundShares, sharedGpuIds, sharesAt } from './shares.ts';
import type { RunData, RunHeader, RunJobTable } from './types.ts';

export interface JobRound {
  round: number;
  /** GPU type index the job ran on in that round. */
  type: number;
}

/** Wrap decoded data (from decodeRunData, possibly received from a Worker) without copying. */
export function runFileFromData(data: RunData): RunFile {
  return new RunFile(data);
}

/** A decoded run: header, job table, per-round metrics and the allocation of every GPU in every round. */
export class RunFile {
  readonly data: RunData;
  readonly version: number;
  readonly header: RunHeader;
  readonly roundCount: number;
  readonly roundTimes: Float64Array;
  readonly jobs: RunJobTable;
  readonly gpuCount: number;
  /** Number of stored (GPU, start round, owner) intervals: the measure of lease churn. */
  readonly intervalCount: number;
  readonly gpuType: Uint8Array | Uint16Array;
  readonly gpuNode: Uint32Array;
  /** First GPU id of each node (length nodes + 1). */
  readonly nodeFirstGpu: Uint32Array;
  #metricIndex: Map<string, number>;
  #jobIndex: { offsets: Uint32Array; gpu: Uint32Array; interval: Uint32Array } | undefined;

  constructor(data: RunData) {
    this.data = data;
    this.version = data.version;
    this.header = data.header;
    this.roundTimes = data.roundTimes;
    this.roundCount = data.roundTimes.length;
    this.intervalCount = data.allocJob.length;
    this.#metricIndex = new Map(data.header.metricNames.map((name, i) => [name, i]));
    const names = data.jobTypeNames;
    this.jobs = {
      id: data.jobIds,
      jobType: Array.from(data.jobTypeIndex, (t) => names[t]!),
      scaleFactor: data.scaleFactor,
      arrival: data.arrival,
      start: data.start,
      finish: data.finish,
      priorityWeight: data.priorityWeight,
    };
    const nodes = data.header.nodes;
    this.gpuCount = nodes.reduce((sum, node) => sum + node.gpus, 0);
    this.gpuType =
      data.header.gpuTypes.length <= 256 ? new Uint8Array(this.gpuCount) : new Uint16Array(this.gpuCount);
    this.gpuNode = new Uint32Array(this.gpuCount);
    this.nodeFirstGpu = new Uint32Array(nodes.length + 1);
    let g = 0;
    nodes.forEach((node, n) => {
      this.nodeFirstGpu[n] = g;
      this.gpuType.fill(node.type, g, g + node.gpus);
      this.gpuNode.fill(n, g, g + node.gpus);
      g += node.gpus;
    });
    this.nodeFirstGpu[nodes.length] = g;
  }

  #sharedGpus: Uint32Array | undefined;

  /** Whether the run records fractional GPU occupancy (a FRAC section). */
  get hasShares(): boolean {
    return this.data.shares !== undefined;
  }

  /** GPUs that are ever shared in the run (empty without a FRAC section). */
  get sharedGpus(): Uint32Array {
    this.#sharedGpus ??= this.data.shares ? sharedGpuIds(this.data.shares) : new Uint32Array(0);
    return this.#sharedGpus;
  }

  /** The GPUs shared at `round`, each with its owners' dense job indices and milli-GPU. */
  sharesAt(round: number): RoundShares {
    if (!this.data.shares)
      return {
        gpus: new Uint32Array(0),
        offsets: Uint32Array.of(0),
        owner: new Int32Array(0),
        milli: new Uint16Array(0),
      };
    return sharesAt(this.data.shares, round, this.sharedGpus);
  }

  /** Per-round values of one metric, or undefined when the run has no such column. */
  metric(name: string): Float64Array | undefined {
    const index = this.#metricIndex.get(name);
    return index === undefined ? undefined : this.data.metrics[index];
  }

  /** Dense job index of the job type names (for colouring by family). */
  get jobTypeIndex(): Uint32Array {
    return this.data.jobTypeIndex;
  }

  get jobTypeNames(): string[] {
    return this.data.jobTypeNames;
  }

  /**
   * Owner (dense job index, -1 idle) of every GPU in one round: a binary search in each GPU's
   * intervals, so O(GPUs x log intervals per GPU) and no other round is decoded.
   */
  ownersAt(round: number, out: Int32Array = new Int32Array(this.gpuCount)): Int32Array {
    if (!Number.isInteger(round) || round < 0 || round >= this.roundCount) {
      throw new RangeError(`ownersAt: round ${round} is outside 0 .. ${this.roundCount - 1}`);
    }
    const { allocOffsets: offsets, allocStart: start, allocJob: job } = this.data;
    for (let g = 0; g < this.gpuCount; g++) {
      // Last interval whose start <= round; the first always starts at round 0.
      out[g] = job[lastAtOrBefore(start, round, offsets[g]!, offsets[g + 1]! - 1)]!;
    }
    return out;
  }

  /** Owner of one GPU in one round. */
  ownerAt(gpu: number, round: number): number {
    const { allocOffsets: offsets, allocStart: start, allocJob: job } = this.data;
    return job[lastAtOrBefore(start, round, offsets[gpu]!, offsets[gpu + 1]! - 1)] ?? -1;
  }

  /**
   * The rounds in which a job held GPUs, with the GPU type, in round order. The first call builds
   * a job -> intervals index in one pass over the intervals; later calls cost only that job's intervals.
   */
  jobRounds(job: number): JobRound[] {
    const index = this.#buildJobIndex();
    const { allocOffsets: offsets, allocStart: start } = this.data;
    const typeByRound = new Map<number, number>();
    for (let k = index.offsets[job]!; k < index.offsets[job + 1]!; k++) {
      const g = index.gpu[k]!;
      const i = index.interval[k]!;
      const end = i + 1 < offsets[g + 1]! ? start[i + 1]! : this.roundCount;
      for (let r = start[i]!; r < end; r++) typeByRound.set(r, this.gpuType[g]!);
    }
    return [...typeByRound.entries()].sort((a, b) => a[0] - b[0]).map(([round, type]) => ({ round, type }));
  }

  #buildJobIndex(): { offsets: Uint32Array; gpu: Uint32Array; interval: Uint32Array } {
    if (this.#jobIndex) return this.#jobIndex;
    const { allocOffsets, allocJob } = this.data;
    const jobCount = this.jobs.id.length;
    const offsets = new Uint32Array(jobCount + 2);
    for (let i = 0; i < allocJob.length; i++) {
      const j = allocJob[i]!;
      if (j >= 0) offsets[j + 2]!++;
    }
    for (let j = 2; j < offsets.length; j++) offsets[j]! += offsets[j - 1]!;
    const total = offsets[jobCount + 1]!;
    const gpu = new Uint32Array(total);
    const interval = new Uint32Array(total);
    for (let g = 0; g < this.gpuCount; g++) {
      for (let i = allocOffsets[g]!; i < allocOffsets[g + 1]!; i++) {
        const j = allocJob[i]!;
        if (j < 0) continue;
        const slot = offsets[j + 1]!++;
        gpu[slot] = g;
        interval[slot] = i;
      }
    }
    this.#jobIndex = { offsets: offsets.subarray(0, jobCount + 1), gpu, interval };
    return this.#jobIndex;
  }
}
