import { bestFitPolicy } from './best-fit.ts';
import { dotProductPolicy } from './dot-product.ts';
import { fgdPolicy } from './fgd.ts';
import { firstFitPolicy } from './first-fit.ts';
import type { NodeFragMemo } from './frag-memo.ts';
import { gpuClusteringPolicy } from './gpu-clustering.ts';
import { gpuPackingPolicy } from './gpu-packing.ts';
import { randomPolicy } from './random.ts';
import type { PolicyContext, SharePolicy, SharePolicyName } from './types.ts';

export { NodeFragMemo } from './frag-memo.ts';
export {
  type PolicyContext,
  SHARE_POLICY_NAMES,
  type SharePolicy,
  type SharePolicyName,
} from './types.ts';

/** The paper's six policies (Weng et al., ATC 2023, section 6.1) and our first-fit. */
export function createSharePolicy(
  name: SharePolicyName,
  context: PolicyContext,
  memo: NodeFragMemo,
): SharePolicy {
  switch (name) {
    case 'random':
      return randomPolicy(context);
    case 'dotprod':
      return dotProductPolicy(context);
    case 'clustering':
      return gpuClusteringPolicy(context);
    case 'packing':
      return gpuPackingPolicy(context);
    case 'bestfit':
      return bestFitPolicy(context);
    case 'fgd':
      return fgdPolicy(context, memo);
    case 'first-fit':
      return firstFitPolicy(context);
  }
}
