export { FRAG_CLASS_COUNT, FRAG_CLASSES, fragOf, idleOf, nodeFragClasses } from './fragmentation.ts';
export {
  bestFitGpu,
  exclusiveGpus,
  firstFitGpu,
  randomFitGpu,
} from './gpu-select.ts';
export { recordNodeHolders, type SharedGpus } from './holders.ts';
export { loadPodTable, MILLI, type PodTable, parsePodTable, podCount, podMilliGpu } from './pods.ts';
export {
  createSharePolicy,
  NodeFragMemo,
  type PolicyContext,
  SHARE_POLICY_NAMES,
  type SharePolicy,
  type SharePolicyName,
} from './policies/index.ts';
export { ShareScheduler, type ShareSchedulerOptions } from './scheduler.ts';
export { affinityTag, type Claim, type GpuShare, MAX_PODS_PER_NODE, ShareState } from './state.ts';
export { type TypicalPods, type TypicalPodsOptions, typicalPods } from './typical-pods.ts';
