import { lastAtOrBefore } from '../format/search.ts';
import type { RunResult } from '../run-simulation.ts';

export interface StartWaits {
  /** Longest time any job waited to start (until the end for jobs that never started), seconds. */
  maxWait: number;
  /** Longest time any job waited to start while the cluster was less than `busyBelow` busy. */
  maxWaitUnderused: number;
  /** Jobs whose wait while the cluster was that idle exceeded `limit` seconds. */
  overLimit: number;
  /** Jobs that arrived but never started. */
  neverStarted: number;
  /** The job with the longest wait while underused: id and scale factor. */
  worst: { id: number; scaleFactor: number } | undefined;
}

/**
 * How long jobs waited to start while the cluster had room: for every job, the rounds between its
 * arrival and its start (or the end of the run) in which utilization was below `busyBelow`, summed
 * by duration. A scheduler that conserves work keeps this near zero for every job that fits.
 */
export function startWaits(result: RunResult, busyBelow = 0.5, limit = 12 * 3600): StartWaits {
  const { jobs, rounds } = result;
  const width = rounds.names.length;
  const timeAt = rounds.names.indexOf('time');
  const durationAt = rounds.names.indexOf('duration');
  const utilizationAt = rounds.names.indexOf('utilization');
  const count = rounds.count;
  // Prefix sums of the underused time, so each job's share is two binary searches.
  const times = new Float64Array(count);
  const underused = new Float64Array(count + 1);
  for (let r = 0; r < count; r++) {
    times[r] = rounds.values[r * width + timeAt]!;
    const low = rounds.values[r * width + utilizationAt]! < busyBelow;
    underused[r + 1] = underused[r]! + (low ? rounds.values[r * width + durationAt]! : 0);
  }
  const end = result.summary.simulatedSeconds;
  // Rounds that started before t (round starts strictly increase, so at most one equals t).
  const firstAtOrAfter = (t: number) => {
    if (count === 0) return 0;
    const last = lastAtOrBefore(times, t);
    let before = times[last]! <= t ? last + 1 : 0;
    if (before > 0 && times[before - 1] === t) before--;
    return before;
  };
  const waits: StartWaits = {
    maxWait: 0,
    maxWaitUnderused: 0,
    overLimit: 0,
    neverStarted: 0,
    worst: undefined,
  };
  for (let j = 0; j < jobs.id.length; j++) {
    const started = !Number.isNaN(jobs.start[j]!);
    if (!started) waits.neverStarted++;
    const until = started ? jobs.start[j]! : end;
    waits.maxWait = Math.max(waits.maxWait, until - jobs.arrival[j]!);
    const idle = underused[firstAtOrAfter(until)]! - underused[firstAtOrAfter(jobs.arrival[j]!)]!;
    if (idle > limit) waits.overLimit++;
    if (idle > waits.maxWaitUnderused) {
      waits.maxWaitUnderused = idle;
      waits.worst = { id: jobs.id[j]!, scaleFactor: jobs.scaleFactor[j]! };
    }
  }
  return waits;
}
