import type { Cluster } from '../cluster/cluster.ts';
import { recordNodeHolders, type SharedGpus } from '../placement/sharing/holders.ts';
import { MILLI, type PodTable } from '../placement/sharing/pods.ts';
import type { SharePolicyName } from '../placement/sharing/policies/types.ts';
import { ShareScheduler } from '../placement/sharing/scheduler.ts';
import { deriveSeed } from '../random.ts';
import { GoRandom } from '../random-go/go-random.ts';
import type { JobStore } from './job-store.ts';

/**
 * Placement of a round-engine run where pods share GPUs, in the FGD simulator's data model
 * (`src/placement/sharing/`): every node has CPU and memory, every GPU 1,000 milli-GPU, and a
 * pod's GPUs are on one node, shared when it asks for less than 1,000 milli-GPU of one GPU.
 *
 * Gavel's fill decides who runs where, one job at a time in priority order, and with sharing the
 * type's free milli-GPU no longer says whether a job fits. So the fill walks over a scratch state
 * (`walk`), emptied every round as Gavel's walk starts with every worker free: each job taken
 * goes back to the GPUs it held if they are still free there, else the policy places it on a
 * node of the type; a job no node of the type can hold is passed over, as Gavel passes over a job
 * whose scale factor exceeds the GPUs left.
 *
 * Then the placement proper (`assign`), on the state that persists from round to round
 * (`placed`), as the whole-GPU engine does it: jobs that stay on their type keep their GPUs
 * (lease extension), the others are placed largest first by the policy. The walk has shown that
 * the round's jobs fit together, but kept leases and a different order can pack worse; when a
 * job then finds no node, the round takes the walk's placement instead (counted in `fallbacks`).
 */
export class SharedPlacement {
  /** The cluster as the round's jobs hold it (the run file and the metrics read it). */
  readonly placed: ShareScheduler;
  private readonly walk: ShareScheduler;
  private readonly walked: number[] = [];
  /** Walked jobs that got their previous GPUs back in the walk. */
  private readonly walkKept = new Set<number>();
  /** The run file's view: largest holder per GPU and every shared GPU's holders. */
  readonly owner: Int32Array;
  readonly shared: SharedGpus = new Map();
  private readonly dirty: Uint8Array;
  private readonly dirtyNodes: number[] = [];
  /** Rounds whose placement fell back to the walk's. */
  fallbacks = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly store: JobStore,
    readonly pods: PodTable,
    policy: SharePolicyName,
    seed: number,
  ) {
    this.placed = new ShareScheduler(cluster, pods, policy, { random: new GoRandom(deriveSeed(seed, 11)) });
    this.walk = new ShareScheduler(cluster, pods, policy, {
      random: new GoRandom(deriveSeed(seed, 12)),
      typical: this.placed.typical,
    });
    this.owner = new Int32Array(cluster.totalGpus).fill(-1);
    this.dirty = new Uint8Array(cluster.nodes.length);
  }

  /** Before the round's fill: the walk starts from an empty cluster. */
  beginWalk(): void {
    for (const j of this.walked) this.walk.release(j);
    this.walked.length = 0;
    this.walkKept.clear();
  }

  /** The fill's admission test: places job j on a node of type k in the walk, or says it cannot. */
  admit(j: number, k: number): boolean {
    const pod = this.store.pod[j]!;
    const state = this.placed.state;
    const node = state.nodeOf(j);
    if (node >= 0 && this.cluster.nodeType[node] === k) {
      const gpus = state.gpusOf(j)!;
      if (this.walk.fitsOnGpus(node, pod, gpus)) {
        this.walk.placeOnGpus(j, pod, node, gpus);
        this.walked.push(j);
        this.walkKept.add(j);
        return true;
      }
    }
    if (this.walk.place(j, pod, k) < 0) return false;
    this.walked.push(j);
    return true;
  }

  /**
   * After the fill (store.scheduled set): jobs that stop or change type give their GPUs back,
   * those that stay keep them, the rest are placed largest first. Returns how many kept theirs.
   */
  assign(active: readonly number[]): number {
    const { store, cluster } = this;
    const state = this.placed.state;
    for (let a = 0; a < active.length; a++) {
      const j = active[a]!;
      const node = state.nodeOf(j);
      if (node >= 0 && store.scheduled[j] !== cluster.nodeType[node]) this.release(j);
    }
    const toPlace: number[] = [];
    let kept = 0;
    for (let a = 0; a < active.length; a++) {
      const j = active[a]!;
      if (store.scheduled[j]! < 0) continue;
      if (state.holds(j)) kept++;
      else toPlace.push(j);
    }
    toPlace.sort((a, b) => store.demand[b]! - store.demand[a]! || a - b);
    for (let i = 0; i < toPlace.length; i++) {
      const j = toPlace[i]!;
      const node = this.placed.place(j, store.pod[j]!, store.scheduled[j]!);
      if (node < 0) return this.takeWalk(active);
      this.markDirty(node);
    }
    return kept;
  }

  /** The walk's placement for every job of the round (it is known to fit). */
  private takeWalk(active: readonly number[]): number {
    const { store } = this;
    this.fallbacks++;
    for (let a = 0; a < active.length; a++) this.release(active[a]!);
    let kept = 0;
    const walkState = this.walk.state;
    for (const j of this.walked) {
      if (store.scheduled[j]! < 0) continue;
      const node = walkState.nodeOf(j);
      this.placed.placeOnGpus(j, store.pod[j]!, node, walkState.gpusOf(j)!);
      this.markDirty(node);
      if (this.walkKept.has(j)) kept++;
    }
    return kept;
  }

  /** Job j gives back what it holds (it stopped, moved or finished). */
  release(j: number): void {
    const node = this.placed.release(j);
    if (node >= 0) this.markDirty(node);
  }

  /** The node job j is placed on now, or -1. */
  nodeOf(j: number): number {
    return this.placed.state.nodeOf(j);
  }

  /** Brings `owner` and `shared` up to date with the nodes that changed since the last call. */
  refreshHolders(): void {
    const state = this.placed.state;
    for (const node of this.dirtyNodes) {
      recordNodeHolders(state, node, this.owner, this.shared);
      this.dirty[node] = 0;
    }
    this.dirtyNodes.length = 0;
  }

  /** FGD's fragmented GPUs of the cluster for the pod list's typical pods (fragmented milli-GPU / 1000). */
  fragmentedGpus(): number {
    const { memo } = this.placed;
    let frag = 0;
    for (let n = 0; n < this.cluster.nodes.length; n++) frag += memo.frag(n);
    return frag / MILLI;
  }

  private markDirty(node: number): void {
    if (this.dirty[node]) return;
    this.dirty[node] = 1;
    this.dirtyNodes.push(node);
  }
}
