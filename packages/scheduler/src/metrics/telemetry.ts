import type { Cluster } from '../cluster/cluster.ts';
import type { JobStore } from '../engine/job-store.ts';
import { BASE_METRICS, M } from './round-metrics.ts';

export interface RoundFacts {
  /** When the round started and how long it lasted (until its last micro-task ended). */
  time: number;
  duration: number;
  running: number;
  completed: number;
  arrivals: number;
  jctSum: number;
  /** Jobs that kept last round's GPUs. */
  kept: number;
}

/**
 * Fills one round's metric row (column order of metricNames) from the state after worker
 * assignment: one pass over the active jobs, one over the types. `busy` is per type in GPUs
 * times `unit` (1, or 1000 when pods share GPUs and capacity counts in milli-GPU), and
 * `fragmentation` the round's fragmented GPUs, computed by the caller's placement model.
 */
export function fillRoundRow(
  row: Float64Array,
  cluster: Cluster,
  store: JobStore,
  active: readonly number[],
  busy: Float64Array,
  unit: number,
  fragmentation: number,
  facts: RoundFacts,
): void {
  let pending = 0;
  let sf1 = 0;
  let sf2 = 0;
  let sf4 = 0;
  let sf8 = 0;
  let shared = 0;
  for (let a = 0; a < active.length; a++) {
    const j = active[a]!;
    if (store.scheduled[j]! >= 0) continue;
    const s = store.scaleFactor[j]!;
    const milli = store.gpuMilli[j]!;
    if (milli < 1000) {
      const gpus = (s * milli) / 1000;
      pending += gpus;
      shared += gpus;
      continue;
    }
    pending += s;
    if (s === 1) sf1 += s;
    else if (s === 2) sf2 += s;
    else if (s === 4) sf4 += s;
    else if (s === 8) sf8 += s;
  }
  const K = cluster.gpuTypes.length;
  const typeColumns = BASE_METRICS.length;
  let busyTotal = 0;
  for (let k = 0; k < K; k++) {
    busyTotal += busy[k]!;
    row[typeColumns + k] = busy[k]! / (cluster.capacities[k]! * unit);
  }
  // In a GPU-sharing run the row goes on with SHARING_METRICS; the caller writes shared_gpus.
  if (row.length > typeColumns + K) row[typeColumns + K] = shared;
  const idle = (cluster.totalGpus * unit - busyTotal) / unit;
  const frag = fragmentation;
  row[M.time] = facts.time;
  row[M.duration] = facts.duration;
  row[M.utilization] = busyTotal / (cluster.totalGpus * unit);
  row[M.running] = facts.running;
  row[M.queued] = active.length - facts.running;
  row[M.completed] = facts.completed;
  row[M.arrivals] = facts.arrivals;
  row[M.avg_jct] = facts.completed > 0 ? facts.jctSum / facts.completed : Number.NaN;
  row[M.fragmentation] = frag;
  row[M.fragmentation_rate] = idle > 0 ? frag / idle : 0;
  row[M.pending_demand] = pending;
  row[M.pending_demand_sf1] = sf1;
  row[M.pending_demand_sf2] = sf2;
  row[M.pending_demand_sf4] = sf4;
  row[M.pending_demand_sf8] = sf8;
  row[M.lease_extension_rate] = facts.running > 0 ? facts.kept / facts.running : 0;
}
