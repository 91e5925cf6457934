import type { RunFile } from 'scheduler/format';
import { ACTIVE_KEYFRAME_EVERY, type Derived } from './derive.ts';

/** Reusable scratch state so a scrub allocates nothing proportional to jobs. */
export class QueueScanner {
  #stamp: Uint32Array;
  #generation = 0;

  constructor(jobCount: number) {
    this.#stamp = new Uint32Array(jobCount);
  }

  /**
   * Jobs waiting at a round (arrived, unfinished, holding no GPU or share of one), longest wait first, and their
   * count. Dense job order is arrival order, so the result comes out sorted. Cost: GPUs + jobs
   * active at the nearest keyframe + arrivals since it; never all jobs or all rounds.
   */
  waiting(
    file: RunFile,
    derived: Derived,
    owners: Int32Array,
    round: number,
    limit: number,
    shares?: { owner: Int32Array },
  ): { jobs: number[]; count: number } {
    const generation = ++this.#generation;
    const stamp = this.#stamp;
    for (let g = 0; g < owners.length; g++) {
      const job = owners[g]!;
      if (job >= 0) stamp[job] = generation;
    }
    // In GPU-sharing runs every holder of a shared GPU runs, not just the one ALOC names.
    if (shares) for (let k = 0; k < shares.owner.length; k++) stamp[shares.owner[k]!] = generation;
    const time = file.roundTimes[round]!;
    const { finish, arrival, start, scaleFactor } = file.jobs;
    const jobs: number[] = [];
    let count = 0;
    const visit = (j: number) => {
      if (arrival[j]! > time || finish[j]! <= time || stamp[j] === generation) return;
      // A job that asks for no GPU (a CPU-only pod) never holds one: it waits only until it starts.
      if (scaleFactor[j] === 0 && start[j]! <= time) return;
      count++;
      if (jobs.length < limit) jobs.push(j);
    };
    const keyframe = Math.floor(round / ACTIVE_KEYFRAME_EVERY);
    for (let i = derived.activeOffsets[keyframe]!; i < derived.activeOffsets[keyframe + 1]!; i++)
      visit(derived.activeJobs[i]!);
    for (let j = derived.arrivedBy[keyframe * ACTIVE_KEYFRAME_EVERY]!; j < derived.arrivedBy[round]!; j++)
      visit(j);
    return { jobs, count };
  }
}
