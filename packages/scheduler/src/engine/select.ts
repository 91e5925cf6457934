import type { JobStore } from './job-store.ts';

/**
 * Gavel's per-round selection. Priority of job i on type k = x_ik / (fraction of the time since
 * the last reallocation it ran on k), or x_ik * 1e9 when it has not run there yet; the deficit
 * (time owed) breaks ties, then arrival order. Pairs are taken greedily in priority order while
 * the type has room for all of the job's GPUs; a job runs on at most one type per round.
 */
export class Selector {
  private job = new Int32Array(4096);
  private type = new Int32Array(4096);
  private priority = new Float64Array(4096);
  private owed = new Float64Array(4096);
  private order = new Uint32Array(4096);
  private readonly room: Float64Array;

  constructor(private readonly capacities: Float64Array) {
    this.room = new Float64Array(capacities.length);
  }

  /** Computes the candidate list with priorities (the `priorities` phase). */
  prioritize(store: JobStore, active: readonly number[], elapsed: number): number {
    const K = this.capacities.length;
    const { allocation, recentTime, deficit, throughputs } = store;
    let count = 0;
    for (let a = 0; a < active.length; a++) {
      const j = active[a]!;
      const base = j * K;
      for (let k = 0; k < K; k++) {
        const x = allocation[base + k]!;
        // A policy's time on a type the job cannot run on would hold GPUs and make no progress.
        if (x <= 0 || throughputs[base + k]! <= 0) continue;
        if (count === this.job.length) this.grow();
        const received = elapsed > 0 ? recentTime[base + k]! / elapsed : 0;
        this.job[count] = j;
        this.type[count] = k;
        this.priority[count] = received > 0 ? x / received : x * 1e9;
        this.owed[count] = deficit[base + k]!;
        this.order[count] = count;
        count++;
      }
    }
    const { priority, owed } = this;
    // Candidates were listed in arrival order, so the index is the last tie-break.
    this.order.subarray(0, count).sort((a, b) => priority[b]! - priority[a]! || owed[b]! - owed[a]! || a - b);
    return count;
  }

  /** Greedy selection; writes scheduled[j] = type for chosen jobs (callers reset it to -1). */
  select(store: JobStore, count: number, scheduled: Int32Array, busy: Float64Array): number {
    const { room } = this;
    room.set(this.capacities);
    busy.fill(0);
    let chosen = 0;
    for (let c = 0; c < count; c++) {
      const at = this.order[c]!;
      const j = this.job[at]!;
      if (scheduled[j]! >= 0) continue;
      const k = this.type[at]!;
      const gpus = store.scaleFactor[j]!;
      if (room[k]! < gpus) continue;
      room[k]! -= gpus;
      busy[k]! += gpus;
      scheduled[j] = k;
      chosen++;
    }
    return chosen;
  }

  private grow(): void {
    const size = this.job.length * 2;
    const int = (old: Int32Array) => {
      const next = new Int32Array(size);
      next.set(old);
      return next;
    };
    const float = (old: Float64Array) => {
      const next = new Float64Array(size);
      next.set(old);
      return next;
    };
    this.job = int(this.job);
    this.type = int(this.type);
    this.priority = float(this.priority);
    this.owed = float(this.owed);
    this.order = new Uint32Array(size);
  }
}
