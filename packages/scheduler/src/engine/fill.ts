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
 * is taken on the first type where it is not yet taken and its scale factor fits the GPUs left
 * (with GPU sharing, also where some node of the type can hold it: see the constructor). So the GPUs the allocation's pairs leave over go to the jobs next in line, whatever type the LP
 * put them on.
 *
 * A queue has two parts, which is what keeps a round cheap at thousands of jobs. Pairs with
 * x_ik > 0 have positive priorities that change every round and are sorted every round. Pairs
 * with x_ik = 0 all have priority 0 and allocation 0, so their order is (deficit desc, arrival),
 * and deficits only change at resets: that order is sorted once per reset (`rebuild`). Jobs that
 * arrived since (priority 0, deficit 0, the latest arrivals) go after the pairs with deficit >= 0.
 */
export class RoundFill {
  /** Per type, since the last reset: the x > 0 pairs (any order) and the x = 0 pairs (in queue order). */
  private positive: Int32Array[];
  private zero: Int32Array[];
  /** Scratch for the round's sort of one type's positive pairs. */
  private entries = new Int32Array(1024);
  private priority = new Float64Array(1024);
  private order = new Uint32Array(1024);
  private readonly left: Float64Array;
  private readonly K: number;

  /**
   * `capacities` per type in the unit of the store's `demand` (GPUs, or milli-GPU when pods share
   * GPUs). `admit(j, k)`, when given, is asked after the capacity check whether job j can be
   * placed on type k given the jobs taken before it this round (and places it): with GPU sharing
   * a type's free milli-GPU may be scattered over GPUs and nodes, or its nodes short of CPU or
   * memory, so the count alone does not say.
   */
  constructor(
    private readonly capacities: Float64Array,
    private readonly rules: FillRules,
    private readonly admit?: (j: number, k: number) => boolean,
  ) {
    this.K = capacities.length;
    this.left = new Float64Array(this.K);
    this.positive = Array.from({ length: this.K }, () => new Int32Array(0));
    this.zero = Array.from({ length: this.K }, () => new Int32Array(0));
  }

  /** After a reset: the jobs of the new allocation, split and ordered per type. */
  rebuild(store: JobStore, active: readonly number[]): void {
    const { K, rules } = this;
    const { throughputs, allocation, deficit, inAllocation } = store;
    for (let k = 0; k < K; k++) {
      const positive: number[] = [];
      const zero: number[] = [];
      for (const j of active) {
        const at = j * K + k;
        if (inAllocation[j] !== 1 || !(throughputs[at]! > 0)) continue;
        if (allocation[at]! > 0) positive.push(j);
        else if (rules.leftoverFill && !rules.onlyWhereAllocated) zero.push(j);
      }
      // Active jobs are listed in arrival order, and the sort is stable.
      zero.sort((a, b) => deficit[b * K + k]! - deficit[a * K + k]!);
      this.positive[k] = Int32Array.from(positive);
      this.zero[k] = Int32Array.from(zero);
    }
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
    const { left, K, rules } = this;
    const { inAllocation, deficit, throughputs } = store;
    left.set(this.capacities);
    busy.fill(0);
    this.taken = 0;
    this.running = 0;
    const hold = rules.unallocatedJobs === 'hold' && !rules.onlyWhereAllocated;
    // Jobs that could still be taken; once none is left, the rest of the queues cannot matter.
    let candidates = 0;
    for (let a = 0; a < active.length; a++) if (hold || inAllocation[active[a]!] === 1) candidates++;
    this.candidates = candidates;
    for (let t = 0; t < typeOrder.length && this.candidates > 0; t++) {
      const k = typeOrder[t]!;
      if (left[k]! <= 0) continue;
      const count = this.positiveInOrder(store, shares, k);
      const { entries, order } = this;
      for (let c = 0; c < count && left[k]! > 0; c++) this.take(store, entries[order[c]!]!, k, busy);
      const zero = this.zero[k]!;
      let z = 0;
      for (; z < zero.length && left[k]! > 0 && this.candidates > 0 && deficit[zero[z]! * K + k]! >= 0; z++)
        this.take(store, zero[z]!, k, busy);
      if (hold) {
        for (let a = 0; a < active.length && left[k]! > 0; a++) {
          const j = active[a]!;
          if (inAllocation[j] !== 1 && throughputs[j * K + k]! > 0) this.take(store, j, k, busy);
        }
      }
      for (; z < zero.length && left[k]! > 0 && this.candidates > 0; z++) this.take(store, zero[z]!, k, busy);
    }
    // `hold`: jobs without an allocation took their GPUs above, but do not run on them.
    if (this.taken > this.running) {
      for (let a = 0; a < active.length; a++) {
        const j = active[a]!;
        if (inAllocation[j] !== 1) store.scheduled[j] = -1;
      }
    }
    return this.running;
  }

  private taken = 0;
  private running = 0;
  private candidates = 0;

  /** Takes job j on type k when it is not taken yet, still active and fits the GPUs left. */
  private take(store: JobStore, j: number, k: number, busy: Float64Array): void {
    const { scheduled, demand, finish, inAllocation } = store;
    if (scheduled[j]! >= 0 || !Number.isNaN(finish[j]!)) return;
    const gpus = demand[j]!;
    if (gpus > this.left[k]!) return;
    if (this.admit && !this.admit(j, k)) return;
    this.left[k]! -= gpus;
    scheduled[j] = k;
    this.taken++;
    this.candidates--;
    if (inAllocation[j] === 1) {
      busy[k]! += gpus;
      this.running++;
    }
  }

  /**
   * Type k's positive pairs of jobs not yet taken, in `order`: by (priority, deficit, allocation)
   * desc, then arrival. When they all fit in the GPUs left, every one is taken whatever the order,
   * so the sort is skipped (not with `admit`: there the order decides where each lands, and so
   * which ones fit).
   */
  private positiveInOrder(store: JobStore, shares: TimeShares, k: number): number {
    const { K } = this;
    const list = this.positive[k]!;
    if (this.entries.length < list.length) this.grow(list.length);
    const { entries, priority, order } = this;
    const { finish, deficit, allocation, scheduled, demand: jobDemand } = store;
    let count = 0;
    let demand = 0;
    for (let i = 0; i < list.length; i++) {
      const j = list[i]!;
      if (scheduled[j]! >= 0 || !Number.isNaN(finish[j]!)) continue;
      entries[count] = j;
      order[count] = count;
      demand += jobDemand[j]!;
      count++;
    }
    if (demand <= this.left[k]! && !this.admit) return count;
    for (let c = 0; c < count; c++) priority[c] = shares.priority(store, entries[c]!, k);
    order
      .subarray(0, count)
      .sort(
        (a, b) =>
          priority[b]! - priority[a]! ||
          deficit[entries[b]! * K + k]! - deficit[entries[a]! * K + k]! ||
          allocation[entries[b]! * K + k]! - allocation[entries[a]! * K + k]! ||
          a - b,
      );
    return count;
  }

  private grow(size: number): void {
    const capacity = Math.max(size, this.entries.length * 2);
    this.entries = new Int32Array(capacity);
    this.priority = new Float64Array(capacity);
    this.order = new Uint32Array(capacity);
  }
}
