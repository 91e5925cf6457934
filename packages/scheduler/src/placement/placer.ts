import type { Cluster } from '../cluster/cluster.ts';
import type { ChooseNode } from './strategies.ts';

/**
 * GPU ownership and free counts, and the two operations the engine needs: give a job `gpus` GPUs
 * of one type (one node when any node has room, else spread over the emptiest nodes, as Gavel
 * does for unconsolidated jobs) and take them back.
 */
export class Placer {
  /** owner[g] = dense job index holding GPU g, or -1. */
  readonly owner: Int32Array;
  /** Free GPUs per node. */
  readonly free: Int32Array;
  /** GPUs placed on more than one node so far (a count of jobs). */
  spreadPlacements = 0;

  constructor(
    readonly cluster: Cluster,
    private readonly chooseNode: ChooseNode,
  ) {
    this.owner = new Int32Array(cluster.totalGpus).fill(-1);
    this.free = Int32Array.from(cluster.nodeGpus);
  }

  /** Places job `job` on `gpus` GPUs of `type`; writes their ids into `out` and returns it. */
  place(job: number, type: number, gpus: number, out: Int32Array): Int32Array {
    const node = this.chooseNode(type, gpus, this.free);
    if (node >= 0) {
      this.take(node, job, gpus, out, 0);
      return out;
    }
    this.spreadPlacements++;
    const nodes = [...this.cluster.nodesOfType[type]!].filter((n) => this.free[n]! > 0);
    nodes.sort((a, b) => this.free[b]! - this.free[a]! || a - b);
    let placed = 0;
    for (const n of nodes) {
      if (placed === gpus) break;
      const count = Math.min(this.free[n]!, gpus - placed);
      this.take(n, job, count, out, placed);
      placed += count;
    }
    if (placed < gpus)
      throw new Error(`internal: type ${type} had fewer than ${gpus} free GPUs for job ${job}`);
    return out;
  }

  release(gpus: Int32Array): void {
    const { gpuNode } = this.cluster;
    for (let i = 0; i < gpus.length; i++) {
      const g = gpus[i]!;
      this.owner[g] = -1;
      this.free[gpuNode[g]!]!++;
    }
  }

  private take(node: number, job: number, count: number, out: Int32Array, at: number): void {
    const first = this.cluster.nodeFirstGpu[node]!;
    const end = first + this.cluster.nodeGpus[node]!;
    this.free[node]! -= count;
    for (let g = first; g < end && count > 0; g++) {
      if (this.owner[g] !== -1) continue;
      this.owner[g] = job;
      out[at++] = g;
      count--;
    }
  }
}
