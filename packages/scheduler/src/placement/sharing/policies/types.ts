import type { Cluster } from '../../../cluster/cluster.ts';
import type { GoRandom } from '../../../random-go/go-random.ts';
import type { PodTable } from '../pods.ts';
import type { ShareState } from '../state.ts';
import type { TypicalPods } from '../typical-pods.ts';

export const SHARE_POLICY_NAMES = [
  'random',
  'dotprod',
  'clustering',
  'packing',
  'bestfit',
  'fgd',
  'first-fit',
] as const;
export type SharePolicyName = (typeof SHARE_POLICY_NAMES)[number];

export interface PolicyContext {
  cluster: Cluster;
  state: ShareState;
  pods: PodTable;
  /** The target workload FGD's score and the fragmentation metrics measure against. */
  typical: TypicalPods;
  /** The one Go-compatible stream every random choice draws from, as the Go simulator's global rand. */
  random: GoRandom;
}

/**
 * A placement policy of the FGD simulator: an integer score per feasible node, as its Score
 * plugin returns it (higher wins; the scheduler breaks ties by the lowest node name), and the
 * GPUs it gives the pod on the chosen node.
 */
export interface SharePolicy {
  readonly name: SharePolicyName;
  score(node: number, pod: number): number;
  selectGpus(node: number, pod: number): Int32Array;
  /** Instead of scoring: pick one of the feasible nodes directly (random). */
  choose?(feasible: Int32Array, count: number, pod: number): number;
}

/** Go's framework.MaxNodeScore. */
export const MAX_NODE_SCORE = 100;
/** The "max" normalisation of the FGD simulator: 128 cores and 8 GPUs (utils.MaxSpecCpu, MaxSpecGpu). */
export const MAX_SPEC_CPU = 128000;
export const MAX_SPEC_GPU = 8000;
