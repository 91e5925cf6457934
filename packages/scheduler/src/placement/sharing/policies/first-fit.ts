import { firstFitGpus } from './choose-gpus.ts';
import type { PolicyContext, SharePolicy } from './types.ts';

/** First-fit (ours, not the paper's): the first feasible node by name, the first GPU that fits. */
export function firstFitPolicy(context: PolicyContext): SharePolicy {
  return {
    name: 'first-fit',
    score: () => 0,
    selectGpus: (node, pod) => firstFitGpus(context, node, pod),
  };
}
