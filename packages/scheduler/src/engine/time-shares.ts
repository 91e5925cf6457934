import type { JobStore } from './job-store.ts';

/**
 * Gavel's bookkeeping of who received how much of each GPU type (scheduler.py: add_job,
 * _done_callback, _reset_time_run_so_far, _update_priorities), from which the round's priorities
 * follow:
 *
 * - A job's time on type k (job_time_so_far) starts at half a round when it arrives and again at
 *   every reset, and grows by each micro-task's execution time.
 * - A type's time (worker_time_so_far) grows by the same execution time, once per job (not per
 *   GPU); a reset sets it to half a round per active job. Arrivals add nothing to it, and a
 *   completed job's time stays in it until the next reset.
 * - At a reset every active job's deficit on k grows by x_ik * (time since the last reset) minus
 *   what it ran there, and both times restart from the prior.
 * - Priority of (job, k): 0 without an allocation, x_ik = 0 or T_ik = 0; else x_ik / fraction with
 *   fraction = job time / type time, or x_ik * 1e9 while the type's time is 0.
 */
export class TimeShares {
  /** worker_time_so_far per type. */
  readonly typeTime: Float64Array;
  private readonly prior: number;

  constructor(
    private readonly types: number,
    roundDuration: number,
  ) {
    this.typeTime = new Float64Array(types);
    this.prior = roundDuration / 2;
  }

  /** add_job: the job's time on every type starts at the prior; its deficits at 0. */
  admit(store: JobStore, j: number): void {
    const K = this.types;
    for (let k = 0; k < K; k++) {
      store.jobTime[j * K + k] = this.prior;
      store.deficit[j * K + k] = 0;
      store.allocation[j * K + k] = 0;
    }
    store.inAllocation[j] = 0;
  }

  /** A finished micro-task of `seconds` on type k (the execution time Gavel credits). */
  credit(store: JobStore, j: number, k: number, seconds: number): void {
    store.jobTime[j * this.types + k]! += seconds;
    this.typeTime[k]! += seconds;
  }

  /** _reset_time_run_so_far over the active jobs, `elapsed` seconds after the previous reset. */
  reset(store: JobStore, active: readonly number[], elapsed: number): void {
    const K = this.types;
    const { prior, typeTime } = this;
    const { jobTime, deficit, allocation, inAllocation } = store;
    typeTime.fill(0);
    for (let a = 0; a < active.length; a++) {
      const j = active[a]!;
      const owed = inAllocation[j] === 1;
      for (let k = 0; k < K; k++) {
        const at = j * K + k;
        const received = jobTime[at]! - prior;
        deficit[at]! += (owed ? allocation[at]! * elapsed : 0) - received;
        jobTime[at] = prior;
        typeTime[k]! += prior;
      }
    }
  }

  /** Gavel's priority of job j on type k. */
  priority(store: JobStore, j: number, k: number): number {
    if (store.inAllocation[j] !== 1) return 0;
    const at = j * this.types + k;
    const x = store.allocation[at]!;
    if (x === 0 || store.throughputs[at] === 0) return 0;
    const typeTime = this.typeTime[k]!;
    const fraction = typeTime === 0 ? 0 : store.jobTime[at]! / typeTime;
    return fraction > 0 ? x / fraction : x * 1e9;
  }
}
