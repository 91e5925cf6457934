import { bestFitGpu, exclusiveGpus, firstFitGpu } from '../gpu-select.ts';
import { MILLI } from '../pods.ts';
import type { PolicyContext } from './types.ts';

const NONE = new Int32Array(0);

/**
 * GPUs for a pod on its node: none for a CPU-only pod, the first free ones for whole GPUs, and
 * for a shared GPU whatever `pickShared` returns (a GPU id with room).
 */
export function chooseGpus(
  context: PolicyContext,
  node: number,
  pod: number,
  pickShared: (node: number, milli: number) => number,
): Int32Array {
  const { pods, state } = context;
  const num = pods.numGpu[pod]!;
  if (num === 0) return NONE;
  const milli = pods.gpuMilli[pod]!;
  if (milli >= MILLI) return exclusiveGpus(state, node, num);
  const gpu = pickShared(node, milli);
  if (gpu < 0) throw new Error(`internal: no GPU of node ${node} has ${milli} milli-GPU free`);
  return Int32Array.of(gpu);
}

export function bestFitGpus(context: PolicyContext, node: number, pod: number): Int32Array {
  return chooseGpus(context, node, pod, (n, milli) => bestFitGpu(context.state, n, milli));
}

export function firstFitGpus(context: PolicyContext, node: number, pod: number): Int32Array {
  return chooseGpus(context, node, pod, (n, milli) => firstFitGpu(context.state, n, milli));
}
