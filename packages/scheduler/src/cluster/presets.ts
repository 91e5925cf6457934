import { buildCluster, type Cluster, type NodeSpec } from './cluster.ts';

/** A preset is data: types in order and node groups (type, GPUs per node, node count). */
export interface ClusterPreset {
  name: string;
  description: string;
  gpuTypes: readonly string[];
  groups: readonly { type: string; gpusPerNode: number; nodes: number }[];
}

export const CLUSTER_PRESETS: readonly ClusterPreset[] = [
  {
    name: 'philly',
    description: "Gavel's simulated cluster: 108 GPUs, 36 each of V100, P100 and K80, 4 per server",
    gpuTypes: ['v100', 'p100', 'k80'],
    groups: [
      { type: 'v100', gpusPerNode: 4, nodes: 9 },
      { type: 'p100', gpusPerNode: 4, nodes: 9 },
      { type: 'k80', gpusPerNode: 4, nodes: 9 },
    ],
  },
  {
    name: 'alibaba',
    description:
      'Alibaba openb GPU cluster (FGD, ATC 2023): 6,212 GPUs on 1,213 nodes, node sizes as in the node list',
    gpuTypes: ['G2', 'T4', 'G3', 'P100', 'V100M32', 'V100M16', 'A10'],
    groups: [
      { type: 'G2', gpusPerNode: 8, nodes: 549 },
      { type: 'T4', gpusPerNode: 2, nodes: 387 },
      { type: 'T4', gpusPerNode: 4, nodes: 17 },
      { type: 'G3', gpusPerNode: 8, nodes: 39 },
      { type: 'P100', gpusPerNode: 2, nodes: 131 },
      { type: 'P100', gpusPerNode: 1, nodes: 3 },
      { type: 'V100M32', gpusPerNode: 8, nodes: 21 },
      { type: 'V100M32', gpusPerNode: 4, nodes: 9 },
      { type: 'V100M16', gpusPerNode: 8, nodes: 8 },
      { type: 'V100M16', gpusPerNode: 4, nodes: 28 },
      { type: 'V100M16', gpusPerNode: 1, nodes: 19 },
      { type: 'A10', gpusPerNode: 1, nodes: 2 },
    ],
  },
];

export const PRESET_NAMES = CLUSTER_PRESETS.map((preset) => preset.name);

export function findPreset(name: string): ClusterPreset | undefined {
  return CLUSTER_PRESETS.find((preset) => preset.name === name);
}

export function clusterFromPreset(preset: ClusterPreset): Cluster {
  const nodes: NodeSpec[] = [];
  for (const group of preset.groups) {
    const type = preset.gpuTypes.indexOf(group.type);
    for (let i = 0; i < group.nodes; i++) nodes.push({ type, gpus: group.gpusPerNode });
  }
  return buildCluster(preset.name, preset.gpuTypes, nodes);
}
