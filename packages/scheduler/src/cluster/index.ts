export { buildCluster, type Cluster, describeCluster, type NodeSpec } from './cluster.ts';
export { clusterFromOpenbNodes, loadOpenbNodes } from './openb-nodes.ts';
export {
  CLUSTER_PRESETS,
  type ClusterPreset,
  clusterFromPreset,
  findPreset,
  PRESET_NAMES,
} from './presets.ts';
export { clusterFromSpec } from './spec.ts';
