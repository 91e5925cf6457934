import type { Cluster } from '../cluster/cluster.ts';
import { RunRecorder } from '../format/writer.ts';
import { recordNodeHolders, type SharedGpus } from '../placement/sharing/holders.ts';
import { MILLI, type PodTable, podMilliGpu } from '../placement/sharing/pods.ts';
import type { ShareScheduler } from '../placement/sharing/scheduler.ts';
import type { ArrivalsOptions, ArrivalsRun } from './arrivals.ts';
import { pyRound } from './curves.ts';

/**
 * Round metrics of an arrivals run file. Names the viewer already charts keep their meaning
 * (CONTRACT.md): utilization is allocated milli-GPU over capacity, queued the pods left pending so
 * far, running the pods placed, arrivals those of the round, fragmentation FGD's fragmented GPUs
 * and fragmentation_rate their share of the idle GPUs. Then the experiment's own.
 */
export function arrivalsRunMetrics(cluster: Cluster): string[] {
  return [
    'utilization',
    'running',
    'queued',
    'arrivals',
    'fragmentation',
    'fragmentation_rate',
    'arrived_pct',
    'occupied_nodes',
    'shared_gpus',
    ...cluster.gpuTypes.map((type) => `utilization_${type}`),
  ];
}

/** A readable name per pod shape for the viewer's colours: "0.46 GPU", "1 GPU", "8 GPUs", "CPU only". */
export function podShapeName(pods: PodTable, pod: number): string {
  const num = pods.numGpu[pod]!;
  const milli = pods.gpuMilli[pod]!;
  if (num === 0) return 'CPU only';
  if (milli < MILLI) return `${(milli / MILLI).toFixed(2)} GPU (shared)`;
  return num === 1 ? '1 GPU' : `${num} GPUs`;
}

/**
 * Records an arrivals run as a run.gpuviz file: one round every `every` arrivals (and after the
 * last), each GPU's largest holder in ALOC and every fractionally held GPU with all its holders in
 * FRAC. Jobs are arrivals: id = arrival index, type = pod shape, scale factor = GPUs asked for,
 * start = the round it was placed in (NaN when it stayed pending).
 */
export function arrivalsRecorder(
  cluster: Cluster,
  pods: PodTable,
  options: Pick<ArrivalsOptions, 'policy' | 'seed'> & { every?: number; tune?: number },
) {
  const every = Math.max(1, Math.floor(options.every ?? 10));
  const recorder = new RunRecorder({
    config: {
      experiment: 'fgd-arrivals',
      policy: options.policy,
      placement: options.policy,
      seed: options.seed,
      tune: options.tune ?? 1.3,
      cluster: cluster.name,
    },
    gpuTypes: [...cluster.gpuTypes],
    nodes: cluster.nodes.map((node) => ({ type: node.type, gpus: node.gpus })),
    metricNames: arrivalsRunMetrics(cluster),
  });
  const K = cluster.gpuTypes.length;
  const typeCapacity = Float64Array.from(cluster.capacities, (gpus) => gpus * MILLI);
  const owner = new Int32Array(cluster.totalGpus).fill(-1);
  const metrics = new Float64Array(9 + K);
  const typeMilli = new Float64Array(K);
  const shapes: string[] = [];
  const scale: number[] = [];
  const placedRound: number[] = [];
  const shared: SharedGpus = new Map();
  let arrived = 0;
  let pending = 0;
  let placed = 0;
  let allocated = 0;
  let roundArrivals = 0;
  let last: ShareScheduler | undefined;
  const record = (i: number, scheduler: ShareScheduler) => {
    const { state, memo } = scheduler;
    let used = 0;
    let frag = 0;
    let idle = 0;
    for (let n = 0; n < cluster.nodes.length; n++) {
      if (state.fullyFree[n]! < cluster.nodeGpus[n]! || state.cpuLeft[n]! < cluster.nodeCpuMilli[n]!) used++;
      frag += memo.frag(n);
      idle += state.nodeMilliLeft[n]!;
    }
    const capacity = cluster.totalGpus * MILLI;
    metrics.set([
      allocated / capacity,
      placed,
      pending,
      roundArrivals,
      frag / MILLI,
      idle > 0 ? frag / idle : 0,
    ]);
    metrics[6] = (100 * arrived) / capacity;
    metrics[7] = used;
    metrics[8] = shared.size;
    for (let k = 0; k < K; k++) metrics[9 + k] = typeCapacity[k]! > 0 ? typeMilli[k]! / typeCapacity[k]! : 0;
    roundArrivals = 0;
    recorder.recordRound(i, owner, metrics, shared);
  };
  return {
    onArrival(i: number, pod: number, node: number, scheduler: ShareScheduler) {
      last = scheduler;
      arrived += podMilliGpu(pods, pod);
      shapes.push(podShapeName(pods, pod));
      scale.push(pods.numGpu[pod]!);
      placedRound.push(node >= 0 ? recorder.roundCount : Number.NaN);
      roundArrivals++;
      if (node < 0) pending++;
      else {
        placed++;
        allocated += podMilliGpu(pods, pod);
        typeMilli[cluster.nodeType[node]!]! += podMilliGpu(pods, pod);
        recordNodeHolders(scheduler.state, node, owner, shared);
      }
      if ((i + 1) % every === 0) record(i, scheduler);
    },
    /** The file's bytes, after the run. */
    finish(): Uint8Array {
      if (last && shapes.length % every !== 0) record(shapes.length - 1, last);
      const n = shapes.length;
      return recorder.finish({
        id: Int32Array.from({ length: n }, (_, i) => i),
        jobType: shapes,
        scaleFactor: Int32Array.from(scale),
        arrival: Float64Array.from({ length: n }, (_, i) => i),
        start: Float64Array.from(placedRound),
        finish: new Float64Array(n).fill(Number.NaN),
        priorityWeight: new Float64Array(n).fill(1),
      });
    },
  };
}

/**
 * For each arrived % 0..`maxPercent` (bucketed as the curves are: rounded to a whole %), the round
 * of this run's file recorded every `every` arrivals (`arrivalsRecorder`) where the arrived demand
 * first reaches it; round r holds the arrivals up to (r + 1) x every - 1. A % never reached gets
 * the last round.
 */
export function roundsAtPercent(run: ArrivalsRun, every: number, maxPercent = Math.round(run.tune * 100)) {
  const step = Math.max(1, Math.floor(every));
  const last = Math.max(0, Math.ceil(run.pods.length / step) - 1);
  const rounds = new Int32Array(maxPercent + 1).fill(last);
  let next = 0;
  for (let i = 0; i < run.pods.length && next <= maxPercent; i++) {
    const percent = pyRound(run.arrivedMilli[i + 1]! / run.totalGpus / 10);
    while (next <= Math.min(percent, maxPercent)) rounds[next++] = Math.floor(i / step);
  }
  return rounds;
}
