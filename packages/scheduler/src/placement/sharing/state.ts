import type { Cluster } from '../../cluster/cluster.ts';
import { MILLI } from './pods.ts';

/** What a placement takes from a node: CPU, memory, and milli-GPU on each of `gpus`. */
export interface Claim {
  cpuMilli: number;
  memoryMib: number;
  /** Milli-GPU taken on each GPU in `gpus` (1000 for whole GPUs). */
  gpuMilli: number;
  gpus: Int32Array;
}

/** Holders of one GPU: owners and the milli-GPU each holds. */
export interface GpuShare {
  owner: number;
  milli: number;
}

/** Kubernetes' pod limit per node in the FGD simulator's node list (`pods: 1001`). */
export const MAX_PODS_PER_NODE = 1001;

/** Slots of the GPU-affinity tally: 0 = shared GPU, n = n whole GPUs, 9 = more than 8. */
export const AFFINITY_SLOTS = 10;

/** The affinity tag of a request, as GPU Clustering groups pods: -1 for CPU-only pods. */
export function affinityTag(numGpu: number, gpuMilli: number): number {
  if (numGpu === 0) return -1;
  if (gpuMilli < MILLI) return 0;
  return Math.min(numGpu, AFFINITY_SLOTS - 1);
}

/**
 * Resources left on every node and every GPU of a cluster where pods may share GPUs (CPU and
 * memory per node, milli-GPU per GPU, each GPU 1,000 milli), with the summaries the placement
 * policies read in O(1): free milli-GPU per node, fully free GPUs, the largest free share, and
 * which kinds of GPU pods the node holds. Every change goes through `claim` and `release`.
 *
 * Nodes in the same state (GPU type, CPU left, free milli-GPU of each GPU as a multiset) get the
 * same `stateId`, so anything that depends only on that state (FGD's fragmentation) is computed
 * once per state and shared by identical nodes.
 */
export class ShareState {
  readonly cpuLeft: Float64Array;
  readonly memoryLeft: Float64Array;
  readonly podsOnNode: Int32Array;
  /** Free milli-GPU of each GPU (global GPU ids, as `cluster.nodeFirstGpu`). */
  readonly milliLeft: Int32Array;
  readonly nodeMilliLeft: Int32Array;
  readonly fullyFree: Int32Array;
  /** The largest free milli-GPU of any one GPU of the node. */
  readonly maxLeft: Int32Array;
  /** affinity[node * 10 + tag] = pods of that tag on the node; affinityKinds = tags present. */
  readonly affinity: Int32Array;
  readonly affinityKinds: Int32Array;
  readonly stateId: Int32Array;
  private readonly stateIds = new Map<string, number>();
  private readonly holders = new Map<number, { node: number; claim: Claim; tag: number }>();
  private readonly shares: (GpuShare[] | undefined)[];
  private readonly scratch = new Int32Array(16);

  constructor(readonly cluster: Cluster) {
    if (!cluster.hasNodeResources)
      throw new Error(
        `cluster ${cluster.name} lists no CPU and memory per node; GPU sharing needs a node list with cpu_milli and memory_mib`,
      );
    const N = cluster.nodes.length;
    this.cpuLeft = Float64Array.from(cluster.nodeCpuMilli);
    this.memoryLeft = Float64Array.from(cluster.nodeMemoryMib);
    this.podsOnNode = new Int32Array(N);
    this.milliLeft = new Int32Array(cluster.totalGpus).fill(MILLI);
    this.nodeMilliLeft = Int32Array.from(cluster.nodeGpus, (g) => g * MILLI);
    this.fullyFree = Int32Array.from(cluster.nodeGpus);
    this.maxLeft = Int32Array.from(cluster.nodeGpus, (g) => (g > 0 ? MILLI : 0));
    this.affinity = new Int32Array(N * AFFINITY_SLOTS);
    this.affinityKinds = new Int32Array(N);
    this.stateId = new Int32Array(N);
    this.shares = new Array(cluster.totalGpus);
    for (let n = 0; n < N; n++) this.stateId[n] = this.internState(n);
  }

  /** Number of distinct node states seen so far (state ids are 0 .. stateCount - 1). */
  get stateCount(): number {
    return this.stateIds.size;
  }

  /** Whether `owner` currently holds resources. */
  holds(owner: number): boolean {
    return this.holders.has(owner);
  }

  nodeOf(owner: number): number {
    return this.holders.get(owner)?.node ?? -1;
  }

  /** The GPUs `owner` holds (empty for a CPU-only claim), or undefined when it holds nothing. */
  gpusOf(owner: number): Int32Array | undefined {
    return this.holders.get(owner)?.claim.gpus;
  }

  /** The holders of GPU g and their milli-GPU, in the order they arrived (empty when idle). */
  sharesOf(gpu: number): readonly GpuShare[] {
    return this.shares[gpu] ?? [];
  }

  /** Takes `claim` on `node` for `owner`; the caller has checked that it fits. */
  claim(owner: number, node: number, claim: Claim, tag: number): void {
    if (this.holders.has(owner)) throw new Error(`internal: owner ${owner} already holds resources`);
    this.holders.set(owner, { node, claim, tag });
    this.apply(node, claim, tag, -1);
    for (const g of claim.gpus) {
      const list = this.shares[g] ?? [];
      list.push({ owner, milli: claim.gpuMilli });
      this.shares[g] = list;
    }
  }

  /** Gives back everything `owner` holds; returns its node, or -1 when it held nothing. */
  release(owner: number): number {
    const held = this.holders.get(owner);
    if (!held) return -1;
    this.holders.delete(owner);
    this.apply(held.node, held.claim, held.tag, 1);
    for (const g of held.claim.gpus) {
      const list = this.shares[g]!.filter((share) => share.owner !== owner);
      this.shares[g] = list.length > 0 ? list : undefined;
    }
    return held.node;
  }

  private apply(node: number, claim: Claim, tag: number, sign: 1 | -1): void {
    this.cpuLeft[node]! += sign * claim.cpuMilli;
    this.memoryLeft[node]! += sign * claim.memoryMib;
    this.podsOnNode[node]! -= sign;
    for (const g of claim.gpus) {
      const left = this.milliLeft[g]! + sign * claim.gpuMilli;
      if (left < 0 || left > MILLI) throw new Error(`internal: GPU ${g} would have ${left} milli-GPU left`);
      this.milliLeft[g] = left;
    }
    this.nodeMilliLeft[node]! += sign * claim.gpuMilli * claim.gpus.length;
    if (tag >= 0) {
      const slot = node * AFFINITY_SLOTS + tag;
      const before = this.affinity[slot]!;
      this.affinity[slot] = before - sign;
      if (before === 0) this.affinityKinds[node]!++;
      else if (before - sign === 0) this.affinityKinds[node]!--;
    }
    this.summarise(node);
  }

  private summarise(node: number): void {
    const first = this.cluster.nodeFirstGpu[node]!;
    const count = this.cluster.nodeGpus[node]!;
    let free = 0;
    let max = 0;
    for (let g = first; g < first + count; g++) {
      const left = this.milliLeft[g]!;
      if (left === MILLI) free++;
      if (left > max) max = left;
    }
    this.fullyFree[node] = free;
    this.maxLeft[node] = max;
    this.stateId[node] = this.internState(node);
  }

  /** The node's free milli-GPU per GPU, sorted ascending, into `out` (returns the count). */
  sortedLeft(node: number, out: Int32Array): number {
    const first = this.cluster.nodeFirstGpu[node]!;
    const count = this.cluster.nodeGpus[node]!;
    for (let i = 0; i < count; i++) out[i] = this.milliLeft[first + i]!;
    out.subarray(0, count).sort();
    return count;
  }

  private internState(node: number): number {
    const count = this.sortedLeft(node, this.scratch);
    let key = `${this.cluster.nodeType[node]}:${this.cpuLeft[node]}`;
    for (let i = 0; i < count; i++) key += `,${this.scratch[i]}`;
    let id = this.stateIds.get(key);
    if (id === undefined) {
      id = this.stateIds.size;
      this.stateIds.set(key, id);
    }
    return id;
  }
}
