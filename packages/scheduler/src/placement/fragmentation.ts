import type { Cluster } from '../cluster/cluster.ts';
import type { SizeClass } from '../workload/job.ts';

/**
 * Expected fragmentation of a node as FGD defines it (Weng et al., ATC 2023), for whole GPUs: a
 * node's free GPUs are fragments for a typical job when that job cannot use them (wrong type, or
 * it needs more GPUs than are free). The node's fragmentation is the mix-weighted sum over jobs.
 * It depends only on (type, free count), so we tabulate it once: table[k][free].
 */
export interface FragmentationTable {
  /** Row k holds free counts 0 .. maxNodeGpus[k]. */
  byType: Float64Array[];
}

export function fragmentationTable(cluster: Cluster, mix: readonly SizeClass[]): FragmentationTable {
  const byType = cluster.gpuTypes.map((_, k) => {
    const row = new Float64Array(cluster.maxNodeGpus[k]! + 1);
    for (let free = 1; free < row.length; free++) {
      let expected = 0;
      for (const job of mix) {
        if (!job.allowed[k] || job.scaleFactor > free) expected += job.weight * free;
      }
      row[free] = expected;
    }
    return row;
  });
  return { byType };
}

/** The cluster's fragmentation in GPUs (sum over nodes) given the free count of every node. */
export function clusterFragmentation(cluster: Cluster, table: FragmentationTable, free: Int32Array): number {
  let total = 0;
  const { nodeType } = cluster;
  for (let n = 0; n < free.length; n++) total += table.byType[nodeType[n]!]![free[n]!]!;
  return total;
}
