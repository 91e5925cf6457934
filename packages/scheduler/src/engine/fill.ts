import type { JobStore } from './job-store.ts';
import type { TimeShares } from './time-shares.ts';

export interface FillRules {
  /** Fill GPUs the allocation leaves idle with jobs it placed elsewhere (Gavel; off = x > 0 only). */
  leftoverFill: boolean;
  /** Gavel's FIFO rule: skip pairs of priority 0, so a job runs only where it is allocated. */
  onlyWhereAllocated: boolean;
  /**
   * Jobs that arrived after the last reset: `wait` leaves them out of the round; `hold` lets them
   * take their GPUs in the fill and then leaves those GPUs idle, as Gavel's helper does.
   */
  unallocatedJobs: 'wait' | 'hold';
}

/**
 * Gavel's round selection (_schedule_jobs_on_workers_helper): one queue per GPU type holding every
 * active job that can run there, sorted by (priority, deficit, allocation) descending, ties in
 * arrival order; the queues are walked one after the other in the round's type order, and a job
 * is taken on the first type where it is not yet taken and its scale factor fits the GPUs left.
 * So the GPUs the allocation's pairs leave over go to the jobs next in line, whatever type the LP
 * put them on.
 */
export class RoundFill {
  private entries = new Int32Array(1024);
  private priority = new Float64Array(1024);
  private owed = new Float64Array(1024);
  private share = new Float64Array(1024);
  private order = new Uint32Array(1024);
  private readonly left: Float64Array;

  constructor(
    private readonly capacities: Float64Array,
    private readonly rules: FillRules,
  ) {
    this.left = new Float64Array(capacities.length);
  }

  /**
   * Writes scheduled[j] = type for the jobs that run this round (callers reset it to -1 for the
   * active jobs) and the GPUs in use per type into `busy`; returns how many jobs run.
   */
  run(
    store: JobStore,
    shares: TimeShares,
    active: readonly number[],
    typeOrder: ArrayLike<number>,
    busy: Float64Array,
  ): number {
    const { left } = this;
    const { scheduled, scaleFactor, inAllocation } = store;
    left.set(this.capacities);
    busy.fill(0);
    let taken = 0;
    let running = 0;
    for (let t = 0; t < typeOrder.length; t++) {
      const k = typeOrder[t]!;
      if (left[k]! <= 0) continue;
      const count = this.queue(store, shares, active, k);
      const { entries, order } = this;
      for (let c = 0; c < count && left[k]! > 0; c++) {
        const j = entries[order[c]!]!;
        if (scheduled[j]! >= 0) continue;
        const gpus = scaleFactor[j]!;
        if (gpus > left[k]!) continue;
        left[k]! -= gpus;
        scheduled[j] = k;
        taken++;
        if (inAllocation[j] === 1) {
          busy[k]! += gpus;
          running++;
        }
      }
    }
    // `hold`: jobs without an allocation took their GPUs above, but do not run on them.
    if (taken > running) {
      for (let a = 0; a < active.length; a++) {
        const j = active[a]!;
        if (inAllocation[j] !== 1) scheduled[j] = -1;
      }
    }
    return running;
  }

  /** Builds and sorts type k's queue; returns its length (entries in `order`). */
  private queue(store: JobStore, shares: TimeShares, active: readonly number[], k: number): number {
    const K = this.capacities.length;
    const { rules } = this;
    const { throughputs, inAllocation, allocation, deficit } = store;
    if (this.entries.length < active.length) this.grow(active.length);
    const { entries, priority, owed, share, order } = this;
    let count = 0;
    for (let a = 0; a < active.length; a++) {
      const j = active[a]!;
      const at = j * K + k;
      // Entries that can never be taken leave out of the queue; the others keep their order.
      if (!(throughputs[at]! > 0)) continue;
      const allocated = inAllocation[j] === 1;
      if (!allocated && rules.unallocatedJobs === 'wait') continue;
      const x = allocated ? allocation[at]! : 0;
      if (!rules.leftoverFill && !(x > 0)) continue;
      const p = shares.priority(store, j, k);
      if (rules.onlyWhereAllocated && p <= 0) continue;
      entries[count] = j;
      priority[count] = p;
      owed[count] = deficit[at]!;
      share[count] = x;
      order[count] = count;
      count++;
    }
    order
      .subarray(0, count)
      .sort((a, b) => priority[b]! - priority[a]! || owed[b]! - owed[a]! || share[b]! - share[a]! || a - b);
    return count;
  }

  private grow(size: number): void {
    const capacity = Math.max(size, this.entries.length * 2);
    this.entries = new Int32Array(capacity);
    this.priority = new Float64Array(capacity);
    this.owed = new Float64Array(capacity);
    this.share = new Float64Array(capacity);
    this.order = new Uint32Array(capacity);
  }
}
