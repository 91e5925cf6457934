import { lastAtOrBefore, type RunData } from 'scheduler/format';

/** Rounds between two stored active-job lists; a queue lookup scans at most this many rounds of arrivals. */
export const ACTIVE_KEYFRAME_EVERY = 32;

/**
 * Per-run values the viewer needs that are not stored in the file. Computed once in the Worker,
 * so the page never does work proportional to jobs or rounds while scrubbing.
 */
export interface Derived {
  roundDuration: number;
  /** Moving average of JCT (seconds) over the last MA_COMPLETIONS completions, per round. */
  movingAvgJct: Float64Array;
  /** Sorted JCTs (seconds) of completed jobs, for the CDF. */
  jctSorted: Float64Array;
  /** Every job arrived by round r's time has a dense index below arrivedBy[r]. */
  arrivedBy: Uint32Array;
  /** Unfinished jobs below arrivedBy at every ACTIVE_KEYFRAME_EVERY-th round, in index order. */
  activeOffsets: Uint32Array;
  activeJobs: Int32Array;
  /** Measurement window as round indices [start, end), or undefined when the run has none. */
  window: { start: number; end: number; firstJob: number; lastJob: number } | undefined;
}

const MA_COMPLETIONS = 100;

export function deriveRun(data: RunData): Derived {
  const times = data.roundTimes;
  const rounds = times.length;
  const n = data.arrival.length;
  const configured = Number(data.header.config.roundDuration);
  const roundDuration =
    Number.isFinite(configured) && configured > 0
      ? configured
      : rounds > 1
        ? (times[rounds - 1]! - times[0]!) / (rounds - 1)
        : 1;

  // Completions sorted by finish time: moving-average JCT and the CDF.
  const done: number[] = [];
  for (let j = 0; j < n; j++) if (Number.isFinite(data.finish[j]!)) done.push(j);
  done.sort((a, b) => data.finish[a]! - data.finish[b]!);
  const jct = Float64Array.from(done, (j) => data.finish[j]! - data.arrival[j]!);
  const prefix = new Float64Array(jct.length + 1);
  for (let i = 0; i < jct.length; i++) prefix[i + 1] = prefix[i]! + jct[i]!;
  const movingAvgJct = new Float64Array(rounds);
  let completed = 0;
  for (let r = 0; r < rounds; r++) {
    while (completed < done.length && data.finish[done[completed]!]! <= times[r]!) completed++;
    const from = Math.max(0, completed - MA_COMPLETIONS);
    movingAvgJct[r] = completed > 0 ? (prefix[completed]! - prefix[from]!) / (completed - from) : Number.NaN;
  }
  const jctSorted = jct.slice().sort();

  // Jobs come in arrival order, but a file is not trusted to be sorted: arrivedBy[r] is the
  // smallest k such that every job from k on arrives after round r starts (a suffix minimum).
  const suffixMin = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  for (let j = n - 1; j >= 0; j--) suffixMin[j] = Math.min(suffixMin[j + 1]!, data.arrival[j]!);
  const arrivedBy = new Uint32Array(rounds);
  let arrived = 0;
  for (let r = 0; r < rounds; r++) {
    while (arrived < n && suffixMin[arrived]! <= times[r]!) arrived++;
    arrivedBy[r] = arrived;
  }

  const keyframes = Math.ceil(rounds / ACTIVE_KEYFRAME_EVERY);
  const activeOffsets = new Uint32Array(keyframes + 1);
  const active: number[] = [];
  for (let k = 0; k < keyframes; k++) {
    const r = k * ACTIVE_KEYFRAME_EVERY;
    const t = times[r]!;
    // Unfinished jobs, including any that arrive later despite a lower index (unsorted files):
    // the queue scan checks arrival itself.
    for (let j = 0; j < arrivedBy[r]!; j++) {
      if (!(data.finish[j]! <= t)) active.push(j);
    }
    activeOffsets[k + 1] = active.length;
  }

  return {
    roundDuration,
    movingAvgJct,
    jctSorted,
    arrivedBy,
    activeOffsets,
    activeJobs: Int32Array.from(active),
    window: measurementWindow(data, times),
  };
}

/** Gavel's convention: measure jobs with ids in [first, last]; warm-up before the first arrives, cool-down after the last finishes. */
function measurementWindow(data: RunData, times: Float64Array): Derived['window'] {
  const spec = data.header.config.window ?? data.header.config.measurementWindow;
  let first: number | undefined;
  let last: number | undefined;
  if (typeof spec === 'string' && /^\d+:\d+$/.test(spec)) [first, last] = spec.split(':').map(Number);
  else if (Array.isArray(spec) && spec.length === 2) [first, last] = spec.map(Number);
  else if (spec && typeof spec === 'object') {
    const o = spec as Record<string, unknown>;
    first = Number(o.start ?? o.first ?? o.from);
    last = Number(o.end ?? o.last ?? o.to);
  }
  if (first === undefined || last === undefined || !Number.isFinite(first) || !Number.isFinite(last))
    return undefined;
  let startTime = Number.POSITIVE_INFINITY;
  let endTime = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < data.jobIds.length; j++) {
    const id = data.jobIds[j]!;
    if (id < first || id > last) continue;
    startTime = Math.min(startTime, data.arrival[j]!);
    const f = data.finish[j]!;
    endTime = Math.max(endTime, Number.isFinite(f) ? f : Number.POSITIVE_INFINITY);
  }
  if (!Number.isFinite(startTime)) return undefined;
  return {
    start: roundAt(times, startTime),
    end: Math.min(times.length, roundAt(times, endTime) + 1),
    firstJob: first,
    lastJob: last,
  };
}

/** Index of the last round starting at or before time t (0 when t is before the first). */
export function roundAt(times: Float64Array, t: number): number {
  return lastAtOrBefore(times, t);
}
