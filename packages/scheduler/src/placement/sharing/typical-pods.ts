import type { PodTable } from './pods.ts';

/**
 * The target workload FGD measures fragmentation against: the most popular pod shapes
 * (CPU, milli-GPU, GPU count, allowed models; memory is not part of a shape) of a pod list,
 * taken in decreasing popularity until they cover `coverage` of the pods, with their
 * frequencies renormalised to sum to 1. This is `GetTypicalPods` of the FGD simulator with the
 * settings of its experiments (CPU-only pods included, 95% coverage, one shape at a time, no GPU
 * weighting), down to the order of ties and of the floating-point operations, so the
 * fragmentation figures agree to the last digit.
 */
export interface TypicalPods {
  cpuMilli: Float64Array;
  gpuMilli: Int32Array;
  numGpu: Int32Array;
  /** Allowed GPU types of each shape (spec masks of the pod table). */
  allowed: Uint8Array[];
  /** True when the shape has no model restriction. */
  anyType: Uint8Array;
  freq: Float64Array;
}

export interface TypicalPodsOptions {
  /** Percent of pods the shapes must cover (default 95, as in the paper's runs). */
  coverage?: number;
  /** Count CPU-only pods as a shape (default true). */
  includeCpuPods?: boolean;
}

interface Shape {
  cpu: number;
  milli: number;
  num: number;
  specText: string;
  spec: number;
  count: number;
}

/** Go's PodResource.Less: CPU, then milli-GPU, then GPU count, then the model string. */
function lessShape(a: Shape, b: Shape): boolean {
  if (a.cpu !== b.cpu) return a.cpu < b.cpu;
  if (a.milli !== b.milli) return a.milli < b.milli;
  if (a.num !== b.num) return a.num < b.num;
  return a.specText < b.specText;
}

export function typicalPods(pods: PodTable, options: TypicalPodsOptions = {}): TypicalPods {
  const coverage = options.coverage ?? 95;
  const includeCpu = options.includeCpuPods ?? true;
  const shapes = new Map<string, Shape>();
  let total = 0;
  for (let p = 0; p < pods.names.length; p++) {
    const num = pods.numGpu[p]!;
    if (!includeCpu && num === 0) continue;
    // A CPU-only pod carries no GPU annotations in the FGD simulator, hence no model either.
    const spec = num === 0 ? -1 : pods.spec[p]!;
    const specText = spec < 0 ? '' : pods.specText[spec]!;
    const key = `${pods.cpuMilli[p]}/${pods.gpuMilli[p]}/${num}/${specText}`;
    const shape = shapes.get(key);
    if (shape) shape.count++;
    else shapes.set(key, { cpu: pods.cpuMilli[p]!, milli: pods.gpuMilli[p]!, num, specText, spec, count: 1 });
    total++;
  }
  // Decreasing count; equal counts in decreasing shape order (sort.Reverse of Less).
  const list = [...shapes.values()].sort((a, b) => {
    if (a.count !== b.count) return b.count - a.count;
    return lessShape(b, a) ? -1 : lessShape(a, b) ? 1 : 0;
  });
  const freq = list.map((shape) => shape.count);
  const expected = (coverage * total) / 100;
  let i = 0;
  let cumulative = 0;
  while (cumulative < expected && i < list.length) {
    cumulative += freq[i]!;
    freq[i] = freq[i]! / total;
    i++;
  }
  let kept = list.length;
  if (i < list.length) {
    kept = i;
    for (let j = 0; j < kept; j++) freq[j] = freq[j]! / (cumulative / total);
  }
  const any = new Uint8Array(0);
  const chosen = list.slice(0, kept);
  return {
    cpuMilli: Float64Array.from(chosen, (shape) => shape.cpu),
    gpuMilli: Int32Array.from(chosen, (shape) => shape.milli),
    numGpu: Int32Array.from(chosen, (shape) => shape.num),
    allowed: chosen.map((shape) => (shape.spec < 0 ? any : pods.allowedTypes[shape.spec]!)),
    anyType: Uint8Array.from(chosen, (shape) => (shape.specText === '' ? 1 : 0)),
    freq: Float64Array.from(freq.slice(0, kept)),
  };
}
