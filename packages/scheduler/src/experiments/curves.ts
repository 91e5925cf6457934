import { MILLI, type PodTable } from '../placement/sharing/pods.ts';
import type { ArrivalsRun } from './arrivals.ts';

/**
 * The paper's curves from one run, computed as the FGD artifact's analysis does
 * (`scripts/analysis.py` and `experiments/analysis/merge_*_discrete.py`): every sample is put in
 * the bucket of its arrived demand, round(arrived / capacity x 100) with Python's rounding; each
 * bucket 0..max is the mean of its samples, or of the samples of the buckets next to it when it
 * has none. The fragmentation values are first rounded to the two decimals the Go log prints.
 */
export const CURVE_METRICS = [
  'frag_rate',
  'frag_over_total',
  'unallocated_gpu',
  'allocated_gpu',
  'occupied_nodes',
] as const;
export type CurveMetric = (typeof CURVE_METRICS)[number];

export interface RunCurves {
  /** Arrived demand in % of cluster GPU capacity, 0 .. max. */
  x: Int32Array;
  /** One value per x (NaN where the run has no sample near it). */
  values: Record<CurveMetric, Float64Array>;
}

/** Python 3's round(): half to even at exact ties. */
export function pyRound(value: number, digits = 0): number {
  if (digits === 0) {
    const floor = Math.floor(value);
    const diff = value - floor;
    if (diff === 0.5) return floor % 2 === 0 ? floor : floor + 1;
    return Math.round(value);
  }
  return Number(value.toFixed(digits));
}

const fixed2 = (value: number) => Number(value.toFixed(2));

export function runCurves(run: ArrivalsRun, maxPercent = Math.round(run.tune * 100)): RunCurves {
  const total = run.totalGpus;
  const S = run.arrivedMilli.length;
  const bucket = new Int32Array(S);
  for (let s = 0; s < S; s++) bucket[s] = pyRound(run.arrivedMilli[s]! / total / 10);
  const alloc = Float64Array.from(run.usedMilli, (used) => pyRound(used / total / 10, 2));
  const fragMilli = Float64Array.from(run.fragMilli, fixed2);
  const fragRatio = Float64Array.from(run.fragMilli, (frag, s) => fixed2((100 * frag) / run.idleMilli[s]!));
  const x = Int32Array.from({ length: maxPercent + 1 }, (_, i) => i);
  const values = Object.fromEntries(
    CURVE_METRICS.map((metric) => [metric, new Float64Array(x.length).fill(Number.NaN)]),
  ) as Record<CurveMetric, Float64Array>;
  // Samples come in increasing arrived demand, so each bucket is one contiguous range.
  const first = new Int32Array(maxPercent + 3).fill(-1);
  const last = new Int32Array(maxPercent + 3).fill(-1);
  for (let s = 0; s < S; s++) {
    const b = bucket[s]!;
    if (b < 0 || b > maxPercent + 1) continue;
    if (first[b]! < 0) first[b] = s;
    last[b] = s;
  }
  for (const at of x) {
    let from = first[at]!;
    let to = last[at]!;
    if (from < 0) {
      const lo = [at - 1, at, at + 1].filter((b) => b >= 0 && first[b]! >= 0);
      if (lo.length === 0) continue;
      from = Math.min(...lo.map((b) => first[b]!));
      to = Math.max(...lo.map((b) => last[b]!));
    }
    let n = 0;
    let sumAlloc = 0;
    let sumFrag = 0;
    let sumRatio = 0;
    let sumNodes = 0;
    for (let s = from; s <= to; s++) {
      n++;
      sumAlloc += alloc[s]!;
      sumFrag += fragMilli[s]!;
      sumRatio += fragRatio[s]!;
      sumNodes += run.usedNodes[s]!;
    }
    const allocated = pyRound(sumAlloc / n, 2);
    values.allocated_gpu[at] = allocated;
    values.unallocated_gpu[at] = 100 - allocated;
    values.frag_over_total[at] = pyRound((100 * (sumFrag / n)) / 1000 / total, 2);
    values.frag_rate[at] = sumRatio / n;
    values.occupied_nodes[at] = sumNodes / n;
  }
  return { x, values };
}

/** Request sizes of Fig. 9(c): shared (< 1 GPU), then whole GPUs. */
export const REQUEST_CLASSES = ['<1', '1', '2', '4', '8', 'other'] as const;
export type RequestClass = (typeof REQUEST_CLASSES)[number];

export function requestClass(numGpu: number, gpuMilli: number): RequestClass | undefined {
  if (numGpu === 0) return undefined;
  if (gpuMilli < MILLI) return '<1';
  return (['1', '2', '4', '8'] as const).find((name) => Number(name) === numGpu) ?? 'other';
}

/**
 * GPUs asked for by the pods left pending among those that arrived while the arrived demand was
 * at most `percent` of capacity, by request size.
 */
export function pendingByClass(
  run: ArrivalsRun,
  pods: PodTable,
  percent: number,
): Record<RequestClass, number> {
  const out = Object.fromEntries(REQUEST_CLASSES.map((name) => [name, 0])) as Record<RequestClass, number>;
  const limit = (percent / 100) * run.totalGpus * MILLI;
  for (let i = 0; i < run.pods.length; i++) {
    if (run.arrivedMilli[i + 1]! > limit) break;
    if (run.node[i]! >= 0) continue;
    const p = run.pods[i]!;
    const cls = requestClass(pods.numGpu[p]!, pods.gpuMilli[p]!);
    if (cls) out[cls] += (pods.numGpu[p]! * pods.gpuMilli[p]!) / MILLI;
  }
  return out;
}
