export { buildCluster, describeCluster, type Cluster, type NodeSpec } from './cluster.ts';
export { clusterFromOpenbNodes, loadOpenbNodes } from './openb-nodes.ts';
export { CLUSTER_PRESETS, clusterFromPreset, findPreset, PRESET_NAMES, type ClusterPreset } from './presets.ts';
export { clusterFromSpec } from './spec.ts';
