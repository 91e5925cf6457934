import type { JobStore } from '../engine/job-store.ts';
import type { RoundTable } from './round-metrics.ts';

export interface RunMetrics {
  /** Average JCT in seconds over the window's jobs (steady state) or all completed jobs. */
  avgJct: number | null;
  avgJctWindow: number | null;
  avgJctAll: number | null;
  /** Seconds from the first arrival to the last completion. */
  makespan: number | null;
  jobsArrived: number;
  jobsCompleted: number;
  windowJobsCompleted: number | null;
  rounds: number;
  /**
   * Busy GPU-seconds over GPU-seconds from the first round's start to the end, overall and per
   * type (rounds differ in length, and idle spells between them count as idle).
   */
  utilization: number;
  utilizationByType: Record<string, number>;
  /** Time-average of the queue length over the same span. */
  avgQueued: number;
  /** Average over the rounds' durations (undefined between rounds, where no job is active). */
  avgFragmentationRate: number;
  leaseExtensionRate: number;
  /** Finish-time fairness: JCT / isolated run time (alone on the fastest type), over completed jobs. */
  finishTimeFairness: { mean: number | null; max: number | null };
  reallocations: number;
  /** Reallocations where the policy failed and the previous allocation was kept. */
  policyFallbacks: number;
  /**
   * Seconds, for a run cut off before its window finished (jct-cutoff, window-deadline): what the
   * window's average JCT is at least (finished jobs at their JCT, the rest at their age then plus
   * their work left at their fastest throughput). Null for a run that did not stop that way.
   */
  windowJctLowerBound: number | null;
}

const orNull = (value: number) => (Number.isFinite(value) ? value : null);

export function summarizeMetrics(
  store: JobStore,
  rounds: RoundTable,
  gpuTypes: readonly string[],
  window: { first: number; last: number } | undefined,
  counters: {
    reallocations: number;
    leaseExtensions: number;
    placements: number;
    policyWarnings: number;
    endTime: number;
    windowJctBound?: number | undefined;
  },
): RunMetrics {
  let allSum = 0;
  let allCount = 0;
  let windowSum = 0;
  let windowCount = 0;
  let fairSum = 0;
  let fairMax = Number.NEGATIVE_INFINITY;
  let firstArrival = Number.POSITIVE_INFINITY;
  let lastFinish = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < store.count; j++) {
    firstArrival = Math.min(firstArrival, store.arrival[j]!);
    const finish = store.finish[j]!;
    if (Number.isNaN(finish)) continue;
    const jct = finish - store.arrival[j]!;
    allSum += jct;
    allCount++;
    lastFinish = Math.max(lastFinish, finish);
    const fairness = jct / store.isolatedTime[j]!;
    fairSum += fairness;
    fairMax = Math.max(fairMax, fairness);
    const id = store.id[j]!;
    if (window && id >= window.first && id < window.last) {
      windowSum += jct;
      windowCount++;
    }
  }
  const durations = rounds.column('duration');
  let recorded = 0;
  for (const d of durations) recorded += d;
  const span = rounds.count ? counters.endTime - rounds.column('time')[0]! : 0;
  // Duration-weighted sum of a column, divided by the whole span or by the recorded rounds' time.
  const mean = (name: string, over: 'span' | 'rounds' = 'span') => {
    const column = rounds.column(name);
    let sum = 0;
    for (let r = 0; r < column.length; r++) sum += column[r]! * durations[r]!;
    const total = over === 'span' ? span : recorded;
    return total > 0 ? sum / total : 0;
  };
  const avgJctAll = allCount ? allSum / allCount : Number.NaN;
  const avgJctWindow = windowCount ? windowSum / windowCount : Number.NaN;
  const leaseTotal = counters.leaseExtensions + counters.placements;
  return {
    avgJct: orNull(window ? avgJctWindow : avgJctAll),
    avgJctWindow: window ? orNull(avgJctWindow) : null,
    avgJctAll: orNull(avgJctAll),
    makespan: allCount ? lastFinish - firstArrival : null,
    jobsArrived: store.count,
    jobsCompleted: allCount,
    windowJobsCompleted: window ? windowCount : null,
    rounds: rounds.count,
    utilization: mean('utilization'),
    utilizationByType: Object.fromEntries(gpuTypes.map((type) => [type, mean(`utilization_${type}`)])),
    avgQueued: mean('queued'),
    avgFragmentationRate: mean('fragmentation_rate', 'rounds'),
    leaseExtensionRate: leaseTotal ? counters.leaseExtensions / leaseTotal : 0,
    finishTimeFairness: { mean: allCount ? fairSum / allCount : null, max: orNull(fairMax) },
    reallocations: counters.reallocations,
    policyFallbacks: counters.policyWarnings,
    windowJctLowerBound: counters.windowJctBound ?? null,
  };
}
