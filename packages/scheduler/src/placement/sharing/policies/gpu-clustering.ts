import { AFFINITY_SLOTS, affinityTag } from '../state.ts';
import { bestFitGpus } from './choose-gpus.ts';
import { MAX_NODE_SCORE, MAX_SPEC_GPU, type PolicyContext, type SharePolicy } from './types.ts';

/**
 * GPU Clustering (`GpuClusteringScore`): keep pods of one kind (shared GPU, 1 GPU, 2 GPUs, ...)
 * together. Nodes holding only the pod's kind score in (75, 100], nodes holding it among others
 * (50, 75], empty nodes (25, 50], nodes of other kinds only (0, 25]; within a band the node with
 * less free milli-GPU scores higher. Integer arithmetic as in Go. CPU-only pods score 0 everywhere.
 */
export function gpuClusteringPolicy(context: PolicyContext): SharePolicy {
  const { pods, state } = context;
  const quarter = MAX_NODE_SCORE / 4;
  return {
    name: 'clustering',
    score(node, pod) {
      const tag = affinityTag(pods.numGpu[pod]!, pods.gpuMilli[pod]!);
      if (tag < 0) return 0;
      const base = Math.trunc((quarter * (MAX_SPEC_GPU - state.nodeMilliLeft[node]!)) / MAX_SPEC_GPU);
      const kinds = state.affinityKinds[node]!;
      if (state.affinity[node * AFFINITY_SLOTS + tag]! > 0)
        return base + (kinds === 1 ? 3 * quarter : 2 * quarter);
      return base + (kinds === 0 ? quarter : 0);
    },
    selectGpus: (node, pod) => bestFitGpus(context, node, pod),
  };
}
