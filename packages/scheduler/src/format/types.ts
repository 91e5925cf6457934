import type { ShareData } from './shares.ts';

/** What the engine knows before the first round: written once at the top of the file. */
export interface RunHeader {
  /** The run's options as JSON (policy, placement, preset, seed, window, jobsPerHour, roundDuration, ...). */
  config: Record<string, unknown>;
  /** GPU type names; type index t is used everywhere else. */
  gpuTypes: string[];
  /** GPU ids are dense, assigned node by node in this order. */
  nodes: { type: number; gpus: number }[];
  /** Per-round metric columns, in order (see CONTRACT.md for the names the engine writes). */
  metricNames: string[];
}

/** One row per job that arrived; the row index is the dense job index (arrival order). */
export interface RunJobTable {
  id: Int32Array;
  jobType: string[];
  scaleFactor: Int32Array;
  /** Seconds. */
  arrival: Float64Array;
  /** NaN when never started. */
  start: Float64Array;
  /** NaN when unfinished. */
  finish: Float64Array;
  priorityWeight: Float64Array;
}

/**
 * Everything a decoded run file holds, as plain data: typed arrays (views into the file's bytes
 * where possible) and JSON values. It survives `postMessage`, so a Worker can decode and validate a
 * file and hand the result to the page, which wraps it with `runFileFromData` without copying.
 */
export interface RunData {
  version: number;
  byteLength: number;
  header: RunHeader;
  roundTimes: Float64Array;
  /** One column per header.metricNames entry, one value per round. */
  metrics: Float64Array[];
  jobIds: Int32Array;
  jobTypeNames: string[];
  jobTypeIndex: Uint32Array;
  scaleFactor: Int32Array;
  arrival: Float64Array;
  start: Float64Array;
  finish: Float64Array;
  priorityWeight: Float64Array;
  /** Per-GPU run-length intervals: GPU g owns intervals allocOffsets[g] .. allocOffsets[g + 1] - 1. */
  allocOffsets: Uint32Array;
  /** First round of each interval, increasing within a GPU; the interval lasts until the next one starts. */
  allocStart: Uint16Array | Uint32Array;
  /** Dense job index holding the GPU during the interval, or -1 when idle. */
  allocJob: Int32Array;
  /** Fractional occupancy (FRAC section), when the run shares GPUs. */
  shares?: ShareData;
}
