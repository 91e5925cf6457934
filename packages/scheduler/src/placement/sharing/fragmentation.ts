import type { TypicalPods } from './typical-pods.ts';

/**
 * FGD's fragmentation of one node for a target workload (Weng et al., ATC 2023, section 4): for
 * every typical pod shape, the node's idle milli-GPU falls into one of seven classes, weighted by
 * the shape's frequency. Only when the shape fits (GPU and CPU, "Q3") is part of the idle GPU
 * usable: then just the GPUs with less left than the shape asks for are fragments (counted as
 * "Q2"); in every other class (lacks CPU, lacks GPU, wrong model, or a CPU-only shape) all idle
 * GPU is a fragment. The node's fragmentation is the sum of every class but Q3, and the sum of all
 * seven is its idle milli-GPU. Same class order and summation order as `NodeGpuShareFragAmount`.
 */
export const FRAG_CLASSES = [
  'q1_lack_both',
  'q2_lack_gpu',
  'q3_satisfied',
  'q4_lack_cpu',
  'xl_satisfied',
  'xr_lack_cpu',
  'no_access',
] as const;
export const FRAG_CLASS_COUNT = FRAG_CLASSES.length;
const Q1 = 0;
const Q2 = 1;
const Q3 = 2;
const Q4 = 3;
const XL = 4;
const XR = 5;
const NA = 6;

/**
 * Writes the seven class amounts of a node (GPU type `type`, `cpuLeft` milli-cores free, GPU
 * i with `left[from + i]` milli-GPU free for i < count) into out[at .. at + 6].
 */
export function nodeFragClasses(
  typical: TypicalPods,
  type: number,
  cpuLeft: number,
  left: Int32Array,
  from: number,
  count: number,
  out: Float64Array,
  at: number,
): void {
  let total = 0;
  for (let i = 0; i < count; i++) total += left[from + i]!;
  for (let c = 0; c < FRAG_CLASS_COUNT; c++) out[at + c] = 0;
  const { cpuMilli, gpuMilli, numGpu, allowed, anyType, freq } = typical;
  for (let t = 0; t < freq.length; t++) {
    const f = freq[t]!;
    const milli = gpuMilli[t]!;
    const cpuFits = cpuLeft >= cpuMilli[t]!;
    let cls: number;
    if (milli === 0) cls = cpuFits ? XL : XR;
    else if (!anyType[t] && !allowed[t]![type]) cls = NA;
    else {
      let need = numGpu[t]!;
      let hosts = false;
      for (let i = 0; i < count; i++) {
        if (left[from + i]! >= milli && --need <= 0) {
          hosts = true;
          break;
        }
      }
      if (hosts) cls = cpuFits ? Q3 : Q4;
      else cls = cpuFits ? Q2 : Q1;
    }
    if (cls === Q3) {
      let fragMilli = 0;
      for (let i = 0; i < count; i++) if (left[from + i]! < milli) fragMilli += left[from + i]!;
      out[at + Q2]! += f * fragMilli;
      out[at + Q3]! += f * (total - fragMilli);
    } else {
      out[at + cls]! += f * total;
    }
  }
}

/** The sum of every class but Q3, in class order (`FragAmountSumExceptQ3`). */
export function fragOf(classes: Float64Array, at: number): number {
  let out = 0;
  for (let c = 0; c < FRAG_CLASS_COUNT; c++) if (c !== Q3) out += classes[at + c]!;
  return out;
}

/** The idle milli-GPU a class vector accounts for (the sum of all seven). */
export function idleOf(classes: Float64Array, at: number): number {
  let out = 0;
  for (let c = 0; c < FRAG_CLASS_COUNT; c++) out += classes[at + c]!;
  return out;
}
