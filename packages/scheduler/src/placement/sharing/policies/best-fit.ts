import { bestFitGpus } from './choose-gpus.ts';
import { MAX_NODE_SCORE, MAX_SPEC_CPU, MAX_SPEC_GPU, type PolicyContext, type SharePolicy } from './types.ts';

/**
 * Best-fit (`BestFitScore`): what would be left, (free - request) / max spec per dimension,
 * weighted 0.5 CPU and 0.5 GPU; the less left, the higher the score. The Go plugin then rescales
 * the scores of all feasible nodes to 0..100 (`NormalizeScore`); that map is monotone and, for
 * integer scores spanning at most 100, keeps distinct scores distinct, so the winner and its
 * ties are the same without it.
 */
export function bestFitPolicy(context: PolicyContext): SharePolicy {
  const { pods, state } = context;
  return {
    name: 'bestfit',
    score(node, pod) {
      const cpu = pods.cpuMilli[pod]!;
      const gpu = pods.gpuMilli[pod]! * pods.numGpu[pod]!;
      let left = 0;
      left += ((state.cpuLeft[node]! - cpu) / MAX_SPEC_CPU) * 0.5;
      left += ((state.nodeMilliLeft[node]! - gpu) / MAX_SPEC_GPU) * 0.5;
      return Math.trunc((1 - left) * MAX_NODE_SCORE);
    },
    selectGpus: (node, pod) => bestFitGpus(context, node, pod),
  };
}
