import { MILLI } from '../pods.ts';
import { bestFitGpus } from './choose-gpus.ts';
import { MAX_NODE_SCORE, type PolicyContext, type SharePolicy } from './types.ts';

/**
 * GPU Packing (`GpuPackingScore`): first a GPU already shared (score in [50, 100], higher when
 * the GPUs it would use have less left), then free GPUs of a node already in use ([33, 50],
 * fewer free GPUs taken is better), last an idle node ([0, 33], smaller nodes first; the Go
 * code caps this band at the node's free GPU count). Integer arithmetic as in Go; CPU-only pods
 * score 0 everywhere.
 */
export function gpuPackingPolicy(context: PolicyContext): SharePolicy {
  const { pods, state, cluster } = context;
  const sorted = new Int32Array(16);
  const third = Math.trunc(MAX_NODE_SCORE / 3);
  const half = Math.trunc(MAX_NODE_SCORE / 2);
  return {
    name: 'packing',
    score(node, pod) {
      const milli = pods.gpuMilli[pod]!;
      if (milli <= 0) return 0;
      const free = state.fullyFree[node]!;
      if (free === cluster.nodeGpus[node]) return Math.max(third - free, free);
      // Smallest free share first; the GPUs that fit, until the request is met.
      const count = state.sortedLeft(node, sorted);
      let need = pods.numGpu[pod]!;
      let freeUsed = 0;
      let percentLeft = 0;
      for (let i = 0; i < count && need > 0; i++) {
        const left = sorted[i]!;
        if (milli > left) continue;
        need--;
        if (left === MILLI) freeUsed++;
        percentLeft += Math.trunc((left * 100) / MILLI);
      }
      if (need > 0) return 0;
      if (freeUsed > 0) return Math.max(half - freeUsed, third);
      return Math.max(MAX_NODE_SCORE - Math.trunc(percentLeft / 10), half);
    },
    selectGpus: (node, pod) => bestFitGpus(context, node, pod),
  };
}
