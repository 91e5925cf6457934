import { InputError } from 'kit';
import { buildCluster, type Cluster, type NodeSpec } from './cluster.ts';

/**
 * `v100=36,p100=36,k80=36` with `gpusPerNode` GPUs per node; a type whose count is not a multiple
 * gets one smaller last node. Types keep the order written.
 */
export function clusterFromSpec(spec: string, gpusPerNode: number): Cluster {
  const place = { field: '--cluster' };
  if (!Number.isInteger(gpusPerNode) || gpusPerNode < 1) {
    throw InputError.expected({ field: '--gpus-per-node' }, 'a positive integer', gpusPerNode);
  }
  const types: string[] = [];
  const nodes: NodeSpec[] = [];
  for (const part of spec.split(',')) {
    const match = /^\s*([A-Za-z0-9_.-]+)\s*=\s*(\d+)\s*$/.exec(part);
    if (!match) throw InputError.expected(place, 'TYPE=COUNT[,TYPE=COUNT...] such as v100=36,p100=36', part);
    const name = match[1]!;
    const count = Number(match[2]);
    if (types.includes(name)) throw InputError.expected(place, 'each GPU type once', name);
    if (count < 1) throw InputError.expected(place, `a positive GPU count for ${name}`, count);
    const type = types.push(name) - 1;
    for (let left = count; left > 0; left -= gpusPerNode)
      nodes.push({ type, gpus: Math.min(gpusPerNode, left) });
  }
  return buildCluster(spec, types, nodes);
}
