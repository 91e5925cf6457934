import type { Cluster } from '../cluster/cluster.ts';
import { FRAG_CLASS_COUNT } from '../placement/sharing/fragmentation.ts';
import { MILLI, type PodTable, podMilliGpu } from '../placement/sharing/pods.ts';
import type { SharePolicyName } from '../placement/sharing/policies/types.ts';
import { nodesByName, ShareScheduler } from '../placement/sharing/scheduler.ts';
import type { TypicalPods } from '../placement/sharing/typical-pods.ts';
import { GoRandom } from '../random-go/go-random.ts';
import { submissionOrder } from './sequence.ts';

/**
 * Draws the Go simulator's ten informers take from the global rand between the workload tuning
 * and the node creation. Measured: with it, the node prefixes of a real run of the Go binary
 * (seed 42) come out of our generator exactly, and without it they do not.
 */
export const GO_INFORMER_DRAWS = 10;

export interface ArrivalsOptions {
  policy: SharePolicyName;
  seed: number;
  /** Arrived GPU demand to reach, as a multiple of cluster GPU capacity (the paper's 1.3). */
  tune?: number;
  /** The target workload (default: the typical pods of `pods`). */
  typical?: TypicalPods;
  /** Called after every arrival with the scheduler, e.g. to record a run file. */
  onArrival?: (arrival: number, pod: number, node: number, scheduler: ShareScheduler) => void;
}

/**
 * One run of FGD's arrivals-only experiment: every pod of the submission order arrives, is placed
 * by the policy or left pending, and never leaves. After the empty cluster and after every
 * arrival one sample is taken, as `ClusterGpuFragReport` logs it: arrived and allocated
 * milli-GPU, occupied nodes (any GPU or CPU in use) and the cluster's fragmentation for the
 * target workload with its idle milli-GPU. Sample 0 is the empty cluster; sample i + 1 follows
 * arrival i.
 */
export interface ArrivalsRun {
  policy: SharePolicyName;
  seed: number;
  tune: number;
  totalGpus: number;
  /** Pod row of each arrival, in order. */
  pods: Int32Array;
  /** Node each arrival went to, or -1 when it stayed pending. */
  node: Int32Array;
  arrivedMilli: Float64Array;
  usedMilli: Float64Array;
  usedNodes: Int32Array;
  fragMilli: Float64Array;
  idleMilli: Float64Array;
  wallSeconds: number;
}

export function runArrivals(cluster: Cluster, pods: PodTable, options: ArrivalsOptions): ArrivalsRun {
  const started = performance.now();
  const tune = options.tune ?? 1.3;
  const random = new GoRandom(options.seed);
  const capacity = cluster.totalGpus * MILLI;
  const order = submissionOrder(pods, capacity, tune, random);
  // The Go simulator then starts its informers, whose reflectors each draw one rand.Float64 for
  // their watch timeout, and creates the nodes under random prefixes ("%04d-" + name, prefixes
  // from rand.Perm over the name-sorted nodes). Its scheduler breaks ties by the lowest name, so
  // ties go to the node with the lowest prefix: a random order fixed for the run.
  for (let i = 0; i < GO_INFORMER_DRAWS; i++) random.int31();
  const byName = nodesByName(cluster);
  const prefix = random.perm(byName.length);
  const nodeOrder = new Int32Array(byName.length);
  for (let i = 0; i < byName.length; i++) nodeOrder[prefix[i]!] = byName[i]!;
  const scheduler = new ShareScheduler(cluster, pods, options.policy, {
    typical: options.typical,
    random,
    nodeOrder,
  });
  const { state, memo } = scheduler;
  const S = order.length + 1;
  const run: ArrivalsRun = {
    policy: options.policy,
    seed: options.seed,
    tune,
    totalGpus: cluster.totalGpus,
    pods: order,
    node: new Int32Array(order.length),
    arrivedMilli: new Float64Array(S),
    usedMilli: new Float64Array(S),
    usedNodes: new Int32Array(S),
    fragMilli: new Float64Array(S),
    idleMilli: new Float64Array(S),
    wallSeconds: 0,
  };
  // The cluster's class vector, node count and allocation, kept up to date node by node: only
  // the node a pod lands on changes. (The Go simulator re-adds every node for every sample, in
  // the fake API server's map order; the printed two decimals do not depend on the order.)
  const classes = new Float64Array(FRAG_CLASS_COUNT);
  const nodeUsed = new Uint8Array(cluster.nodes.length);
  let usedNodes = 0;
  let usedMilli = 0;
  const account = (n: number, sign: 1 | -1) => {
    const at = memo.at(n);
    const v = memo.vector();
    for (let c = 0; c < FRAG_CLASS_COUNT; c++) classes[c]! += sign * v[at + c]!;
    const gpus = cluster.nodeGpus[n]!;
    const used = state.fullyFree[n]! < gpus || state.cpuLeft[n]! < cluster.nodeCpuMilli[n]!;
    if (sign < 0) {
      if (nodeUsed[n]) {
        usedNodes--;
        usedMilli -= gpus * MILLI - state.nodeMilliLeft[n]!;
      }
    } else if (used) {
      usedNodes++;
      usedMilli += gpus * MILLI - state.nodeMilliLeft[n]!;
    }
    if (sign > 0) nodeUsed[n] = used ? 1 : 0;
  };
  const sample = (s: number, arrived: number) => {
    let idle = 0;
    let frag = 0;
    for (let c = 0; c < FRAG_CLASS_COUNT; c++) {
      idle += classes[c]!;
      if (c !== 2) frag += classes[c]!;
    }
    run.arrivedMilli[s] = arrived;
    run.usedMilli[s] = usedMilli;
    run.usedNodes[s] = usedNodes;
    run.fragMilli[s] = frag;
    run.idleMilli[s] = idle;
  };
  for (let n = 0; n < cluster.nodes.length; n++) account(n, 1);
  let arrived = 0;
  sample(0, 0);
  for (let i = 0; i < order.length; i++) {
    const pod = order[i]!;
    arrived += podMilliGpu(pods, pod);
    const node = scheduler.choose(pod);
    if (node >= 0) {
      account(node, -1);
      scheduler.placeOn(i, pod, node);
      account(node, 1);
    }
    run.node[i] = node;
    options.onArrival?.(i, pod, node, scheduler);
    sample(i + 1, arrived);
  }
  run.wallSeconds = (performance.now() - started) / 1000;
  return run;
}
