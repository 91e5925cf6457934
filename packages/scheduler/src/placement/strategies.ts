import type { Cluster } from '../cluster/cluster.ts';
import type { Random } from '../random.ts';
import type { FragmentationTable } from './fragmentation.ts';

export const PLACEMENT_NAMES = ['first-fit', 'best-fit', 'random', 'fgd'] as const;
export type PlacementName = (typeof PLACEMENT_NAMES)[number];

/** Picks one node of type k with at least `gpus` free GPUs, or -1 when no single node has room. */
export type ChooseNode = (type: number, gpus: number, free: Int32Array) => number;

export function createChooseNode(
  name: PlacementName,
  cluster: Cluster,
  context: { random: Random; fragmentation: FragmentationTable },
): ChooseNode {
  const { nodesOfType } = cluster;
  switch (name) {
    case 'first-fit':
      return (type, gpus, free) => {
        const nodes = nodesOfType[type]!;
        for (let i = 0; i < nodes.length; i++) if (free[nodes[i]!]! >= gpus) return nodes[i]!;
        return -1;
      };
    case 'best-fit':
      return (type, gpus, free) => {
        const nodes = nodesOfType[type]!;
        let best = -1;
        let bestLeft = Number.POSITIVE_INFINITY;
        for (let i = 0; i < nodes.length; i++) {
          const left = free[nodes[i]!]! - gpus;
          if (left >= 0 && left < bestLeft) {
            best = nodes[i]!;
            bestLeft = left;
            if (left === 0) break;
          }
        }
        return best;
      };
    case 'random':
      return (type, gpus, free) => {
        const nodes = nodesOfType[type]!;
        let count = 0;
        for (let i = 0; i < nodes.length; i++) if (free[nodes[i]!]! >= gpus) count++;
        if (count === 0) return -1;
        let pick = context.random.int(count);
        for (let i = 0; i < nodes.length; i++) {
          if (free[nodes[i]!]! >= gpus && pick-- === 0) return nodes[i]!;
        }
        return -1;
      };
    case 'fgd':
      // The node whose fragmentation grows least; ties go to the tighter fit, then the lower index.
      return (type, gpus, free) => {
        const nodes = nodesOfType[type]!;
        const row = context.fragmentation.byType[type]!;
        let best = -1;
        let bestDelta = Number.POSITIVE_INFINITY;
        let bestLeft = Number.POSITIVE_INFINITY;
        for (let i = 0; i < nodes.length; i++) {
          const have = free[nodes[i]!]!;
          const left = have - gpus;
          if (left < 0) continue;
          const delta = row[left]! - row[have]!;
          if (delta < bestDelta - 1e-12 || (Math.abs(delta - bestDelta) <= 1e-12 && left < bestLeft)) {
            best = nodes[i]!;
            bestDelta = delta;
            bestLeft = left;
          }
        }
        return best;
      };
  }
}
