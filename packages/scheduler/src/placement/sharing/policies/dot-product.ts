import { bestFitGpus } from './choose-gpus.ts';
import { MAX_NODE_SCORE, MAX_SPEC_CPU, MAX_SPEC_GPU, type PolicyContext, type SharePolicy } from './types.ts';

/**
 * DotProd (`DotProductScore`, after Tetris) with the paper's settings (GPU dimensions merged,
 * "max" normalisation): score = 1 - (free . request) / 2, both vectors of (CPU, milli-GPU)
 * divided by (128 cores, 8 GPUs). The smaller the node's free resources along the request, the
 * higher the score, so it packs. Shared GPUs go to the tightest fit.
 */
export function dotProductPolicy(context: PolicyContext): SharePolicy {
  const { pods, state } = context;
  return {
    name: 'dotprod',
    score(node, pod) {
      const cpu = pods.cpuMilli[pod]!;
      if (state.cpuLeft[node]! < cpu) return 0;
      const gpu = pods.gpuMilli[pod]! * pods.numGpu[pod]!;
      const product =
        (state.cpuLeft[node]! / MAX_SPEC_CPU) * (cpu / MAX_SPEC_CPU) +
        (state.nodeMilliLeft[node]! / MAX_SPEC_GPU) * (gpu / MAX_SPEC_GPU);
      return Math.trunc(MAX_NODE_SCORE * (1 - product / 2));
    },
    selectGpus: (node, pod) => bestFitGpus(context, node, pod),
  };
}
