import type { Cluster } from '../../cluster/cluster.ts';
import { GoRandom } from '../../random-go/go-random.ts';
import { MILLI, type PodTable } from './pods.ts';
import { createSharePolicy, NodeFragMemo, type SharePolicy, type SharePolicyName } from './policies/index.ts';
import { affinityTag, MAX_PODS_PER_NODE, ShareState } from './state.ts';
import { type TypicalPods, typicalPods } from './typical-pods.ts';

export interface ShareSchedulerOptions {
  /** The target workload for FGD and the fragmentation measure (default: the pod table's own). */
  typical?: TypicalPods;
  /** The random stream (default: Go's rand seeded with 1, what Go uses when nobody seeds it). */
  random?: GoRandom;
  /**
   * Node indices in the order ties are broken (first wins). Default: by node name, as the
   * simulator's `selectHost` compares names.
   */
  nodeOrder?: Int32Array;
}

/**
 * Places pods one at a time on a GPU-sharing cluster the way the FGD simulator's Kubernetes
 * scheduler does: filter the nodes that can hold the pod (GPU model, a GPU with the milli-GPU
 * for a shared request or enough fully free GPUs for whole ones, CPU, memory, pod count), take
 * the only one if there is one, else the highest score of the policy, ties to the lowest node
 * name (the simulator's patched `selectHost`), then the GPUs the policy picks on it.
 *
 * Pods are rows of `pods`; each placement has an owner id of the caller's choosing (the
 * arrivals experiment uses the arrival index, so one pod shape can arrive many times).
 */
export class ShareScheduler {
  readonly state: ShareState;
  readonly memo: NodeFragMemo;
  readonly policy: SharePolicy;
  readonly typical: TypicalPods;
  /** Node indices in tie-break order (the scan order, so ties go to the first). */
  readonly nodeOrder: Int32Array;
  /** `nodeOrder` restricted to the nodes of each GPU type (for `choose` on one type). */
  private readonly typeOrder: Int32Array[];
  private readonly feasible: Int32Array;

  constructor(
    readonly cluster: Cluster,
    readonly pods: PodTable,
    policy: SharePolicyName,
    options: ShareSchedulerOptions = {},
  ) {
    this.state = new ShareState(cluster);
    this.typical = options.typical ?? typicalPods(pods);
    this.memo = new NodeFragMemo(this.state, this.typical);
    const random = options.random ?? new GoRandom(1);
    this.policy = createSharePolicy(
      policy,
      { cluster, state: this.state, pods, typical: this.typical, random },
      this.memo,
    );
    this.nodeOrder = options.nodeOrder ?? nodesByName(cluster);
    if (this.nodeOrder.length !== cluster.nodes.length)
      throw new Error('internal: nodeOrder must list every node once');
    this.feasible = new Int32Array(cluster.nodes.length);
    const order = this.nodeOrder;
    this.typeOrder = cluster.gpuTypes.map((_, k) =>
      Int32Array.from(Array.from(order).filter((node) => cluster.nodeType[node] === k)),
    );
  }

  /** Whether pod row `pod` fits on `node` now. */
  fits(node: number, pod: number): boolean {
    const { pods, state, cluster } = this;
    const num = pods.numGpu[pod]!;
    if (num > 0) {
      if (!pods.allowedTypes[pods.spec[pod]!]![cluster.nodeType[node]!]) return false;
      const milli = pods.gpuMilli[pod]!;
      if (num === 1 ? state.maxLeft[node]! < milli : state.fullyFree[node]! < num) return false;
    }
    return (
      state.cpuLeft[node]! >= pods.cpuMilli[pod]! &&
      state.memoryLeft[node]! >= pods.memoryMib[pod]! &&
      state.podsOnNode[node]! < MAX_PODS_PER_NODE
    );
  }

  /**
   * The node the policy would pick for pod row `pod`, or -1 when none fits; with `type`, among
   * the nodes of that GPU type only (the round engine places a job on the type its round chose).
   * Changes nothing but the random stream.
   */
  choose(pod: number, type = -1): number {
    const order = type < 0 ? this.nodeOrder : this.typeOrder[type]!;
    const feasible = this.feasible;
    let count = 0;
    for (let i = 0; i < order.length; i++) {
      const node = order[i]!;
      if (this.fits(node, pod)) feasible[count++] = node;
    }
    if (count === 0) return -1;
    if (count === 1) return feasible[0]!;
    if (this.policy.choose) return this.policy.choose(feasible, count, pod);
    let best = feasible[0]!;
    let bestScore = this.policy.score(best, pod);
    for (let i = 1; i < count; i++) {
      const score = this.policy.score(feasible[i]!, pod);
      if (score > bestScore) {
        best = feasible[i]!;
        bestScore = score;
      }
    }
    return best;
  }

  /** Places pod row `pod` as `owner` (on a node of `type` when given); returns the node, or -1 when it stays pending. */
  place(owner: number, pod: number, type = -1): number {
    const node = this.choose(pod, type);
    if (node < 0) return -1;
    this.placeOn(owner, pod, node);
    return node;
  }

  /** Places pod row `pod` as `owner` on `node`, which must fit it; GPUs as the policy picks. */
  placeOn(owner: number, pod: number, node: number): Int32Array {
    if (!this.fits(node, pod))
      throw new Error(`internal: pod ${this.pods.names[pod]} does not fit node ${node}`);
    const gpus = this.policy.selectGpus(node, pod);
    this.claim(owner, pod, node, gpus);
    return gpus;
  }

  private claim(owner: number, pod: number, node: number, gpus: Int32Array): void {
    const { pods } = this;
    const num = pods.numGpu[pod]!;
    this.state.claim(
      owner,
      node,
      {
        cpuMilli: pods.cpuMilli[pod]!,
        memoryMib: pods.memoryMib[pod]!,
        gpuMilli: num === 0 ? 0 : Math.min(pods.gpuMilli[pod]!, MILLI),
        gpus,
      },
      affinityTag(num, pods.gpuMilli[pod]!),
    );
  }

  /** Whether pod row `pod` fits on `node` on exactly the GPUs `gpus` (a lease kept from an earlier placement). */
  fitsOnGpus(node: number, pod: number, gpus: Int32Array): boolean {
    if (!this.fits(node, pod)) return false;
    const milli = this.pods.numGpu[pod]! === 0 ? 0 : Math.min(this.pods.gpuMilli[pod]!, MILLI);
    for (let i = 0; i < gpus.length; i++) if (this.state.milliLeft[gpus[i]!]! < milli) return false;
    return true;
  }

  /** Places pod row `pod` as `owner` on `node`, on exactly `gpus`, which must fit it. */
  placeOnGpus(owner: number, pod: number, node: number, gpus: Int32Array): void {
    if (!this.fitsOnGpus(node, pod, gpus))
      throw new Error(`internal: pod ${this.pods.names[pod]} does not fit its GPUs on node ${node}`);
    this.claim(owner, pod, node, gpus);
  }

  /** Frees what `owner` holds (for departures); returns its node or -1. */
  release(owner: number): number {
    return this.state.release(owner);
  }
}

/** Node indices sorted by name in Go's byte order (unnamed nodes by index, after named ones). */
export function nodesByName(cluster: Cluster): Int32Array {
  const names = cluster.nodes.map((node, n) => node.name ?? `~${String(n).padStart(9, '0')}`);
  return Int32Array.from(
    names.map((_, n) => n).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : a - b)),
  );
}
