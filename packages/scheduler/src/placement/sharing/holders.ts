import { MILLI } from './pods.ts';
import type { ShareState } from './state.ts';

/** GPU id -> [owner, milli-GPU] of every holder: the run file's FRAC input (`ShareInput`). */
export type SharedGpus = Map<number, [owner: number, milli: number][]>;

/**
 * What a run file records of one node's GPUs: `owner[g]` the largest holder of each GPU (the
 * first of equal ones, so readers without FRAC still see the GPU busy), -1 when idle; and in
 * `shared` every GPU held by several owners or by a fraction, with all its holders. The node's
 * other GPUs leave `shared`. Call it for every node whose holders changed.
 */
export function recordNodeHolders(
  state: ShareState,
  node: number,
  owner: Int32Array,
  shared: SharedGpus,
): void {
  const { cluster } = state;
  const first = cluster.nodeFirstGpu[node]!;
  for (let g = first; g < first + cluster.nodeGpus[node]!; g++) {
    const holders = state.sharesOf(g);
    if (holders.length === 0) {
      owner[g] = -1;
      shared.delete(g);
      continue;
    }
    let top = holders[0]!;
    for (const holder of holders) if (holder.milli > top.milli) top = holder;
    owner[g] = top.owner;
    if (holders.length > 1 || top.milli < MILLI)
      shared.set(
        g,
        holders.map((h) => [h.owner, h.milli]),
      );
    else shared.delete(g);
  }
}
