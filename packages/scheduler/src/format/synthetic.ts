import { clusterFromPreset, findPreset } from '../cluster/presets.ts';
import { metricNames as roundMetricNames } from '../metrics/round-metrics.ts';
import { createRandom } from '../random.ts';
import type { RunHeader, RunJobTable } from './types.ts';
import { RunRecorder } from './writer.ts';

/**
 * A synthetic run made with the real writer, for tests and benchmarks of the format and the
 * viewer when no engine run is at hand. It is a toy scheduler (FIFO, first-fit, random
 * preemption to imitate lease churn), not a model of any real policy.
 */
export interface SyntheticRunOptions {
  preset?: 'philly' | 'alibaba';
  rounds?: number;
  jobs?: number;
  /** Probability per round that a running job loses its GPUs and is placed again (lease churn). */
  churn?: number;
  seed?: number;
  roundDuration?: number;
  /** Extra config fields (tags such as policy or placement). */
  config?: Record<string, unknown>;
  /** Called after each recorded round with the owners recorded (a reused array: copy it to keep it). */
  onRound?: (round: number, owner: Int32Array, metrics: Float64Array) => void;
}

export interface SyntheticRun {
  bytes: Uint8Array;
  header: RunHeader;
  jobs: RunJobTable;
  /** Row-major per-round metrics in header.metricNames order. */
  metrics: Float64Array;
  roundCount: number;
}

const JOB_TYPES = [
  'ResNet-18 (batch size 64)',
  'ResNet-50 (batch size 64)',
  'Transformer (batch size 64)',
  'LM (batch size 20)',
  'Recommendation (batch size 2048)',
  'CycleGAN',
  'A3C',
];

export function synthesizeRun(options: SyntheticRunOptions = {}): SyntheticRun {
  const preset = options.preset ?? 'philly';
  const rounds = options.rounds ?? 200;
  const jobCount = options.jobs ?? 300;
  const churn = options.churn ?? 0.05;
  const roundDuration = options.roundDuration ?? 360;
  const random = createRandom(options.seed ?? 1).next;
  // The same cluster as `gpusim run --preset`: one copy of the presets.
  const cluster = clusterFromPreset(findPreset(preset)!);
  const types = [...cluster.gpuTypes];
  const nodes = cluster.nodes.map((node) => ({ type: node.type, gpus: node.gpus }));
  const gpuCount = cluster.totalGpus;
  const { nodeFirstGpu: nodeFirst, gpuNode, gpuType, capacities: typeTotal } = cluster;
  const maxNode = Math.max(...nodes.map((n) => n.gpus));

  // Jobs arrive over the first 90% of the run; durations are log-uniform in rounds.
  const arrivalRound = new Int32Array(jobCount);
  for (let j = 0; j < jobCount; j++) arrivalRound[j] = Math.floor((j / jobCount) * rounds * 0.9);
  const jobs: RunJobTable = {
    id: new Int32Array(jobCount),
    jobType: [],
    scaleFactor: new Int32Array(jobCount),
    arrival: new Float64Array(jobCount),
    start: new Float64Array(jobCount).fill(Number.NaN),
    finish: new Float64Array(jobCount).fill(Number.NaN),
    priorityWeight: new Float64Array(jobCount).fill(1),
  };
  const remaining = new Int32Array(jobCount);
  const maxDuration = Math.max(12, Math.round(rounds / 4.5));
  for (let j = 0; j < jobCount; j++) {
    jobs.id[j] = j;
    jobs.jobType.push(JOB_TYPES[Math.floor(random() * JOB_TYPES.length)]!);
    const u = random();
    const sf = u < 0.7 ? 1 : u < 0.8 ? 2 : u < 0.95 ? 4 : 8;
    jobs.scaleFactor[j] = Math.min(sf, maxNode);
    // Spread evenly inside the arrival round, so arrival times increase with the dense index.
    const sameRound = j > 0 && arrivalRound[j - 1] === arrivalRound[j];
    const offset = sameRound
      ? Math.min(roundDuration - 1, jobs.arrival[j - 1]! - arrivalRound[j]! * roundDuration + 1)
      : 0;
    jobs.arrival[j] = arrivalRound[j]! * roundDuration + offset;
    remaining[j] = Math.max(1, Math.round(Math.exp(Math.log(3) + random() * Math.log(maxDuration / 3))));
  }

  const metricNames = roundMetricNames(types);
  const header: RunHeader = {
    config: {
      preset,
      policy: 'fifo',
      placement: 'first-fit',
      seed: options.seed ?? 1,
      roundDuration,
      jobsPerHour: (jobCount / (rounds * 0.9 * roundDuration)) * 3600,
      synthetic: true,
      ...options.config,
    },
    gpuTypes: types,
    nodes,
    metricNames,
  };
  const recorder = new RunRecorder(header);
  const owner = new Int32Array(gpuCount).fill(-1);
  const nodeFree = Int32Array.from(nodes, (n) => n.gpus);
  const heldBy: number[][] = Array.from({ length: jobCount }, () => []);
  const running = new Set<number>();
  let queue: number[] = [];
  let nextArrival = 0;
  let completed = 0;
  let jctSum = 0;
  const metricRows = new Float64Array(rounds * metricNames.length);
  const row = new Float64Array(metricNames.length);
  let scanFrom = 0;

  const release = (j: number) => {
    for (const g of heldBy[j]!) {
      owner[g] = -1;
      nodeFree[gpuNode[g]!]!++;
    }
    heldBy[j] = [];
    running.delete(j);
  };
  const place = (j: number): boolean => {
    const need = jobs.scaleFactor[j]!;
    for (let k = 0; k < nodes.length; k++) {
      const n = (scanFrom + k) % nodes.length;
      if (nodeFree[n]! < need) continue;
      const held: number[] = [];
      for (let g = nodeFirst[n]!; held.length < need; g++) {
        if (owner[g] === -1) {
          owner[g] = j;
          held.push(g);
        }
      }
      nodeFree[n]! -= need;
      heldBy[j] = held;
      scanFrom = n;
      return true;
    }
    return false;
  };

  for (let r = 0; r < rounds; r++) {
    const time = r * roundDuration;
    let arrivals = 0;
    while (nextArrival < jobCount && arrivalRound[nextArrival]! <= r) {
      queue.push(nextArrival++);
      arrivals++;
    }
    let preempted = 0;
    for (const j of [...running]) {
      if (random() < churn) {
        release(j);
        queue.push(j);
        preempted++;
      }
    }
    const stillQueued: number[] = [];
    for (const j of queue) {
      if (place(j)) {
        running.add(j);
        if (Number.isNaN(jobs.start[j]!)) jobs.start[j] = time;
      } else stillQueued.push(j);
    }
    queue = stillQueued;

    let used = 0;
    const typeUsed = new Float64Array(types.length);
    for (let g = 0; g < gpuCount; g++) {
      if (owner[g]! >= 0) {
        used++;
        typeUsed[gpuType[g]!]!++;
      }
    }
    let fragmented = 0;
    for (let n = 0; n < nodes.length; n++)
      if (nodeFree[n]! > 0 && nodeFree[n]! < nodes[n]!.gpus) fragmented += nodeFree[n]!;
    // As the engine reports it: an amount in GPUs, and its share of the idle GPUs.
    const fragmentation = fragmented;
    const idle = gpuCount - used;
    const pending = [0, 0, 0, 0];
    for (const j of queue) pending[Math.log2(jobs.scaleFactor[j]!)]! += jobs.scaleFactor[j]!;
    const runningCount = running.size;

    // Progress: jobs that ran this round finish at its end, freeing their GPUs for the next.
    const finishing: number[] = [];
    for (const j of running) if (--remaining[j]! <= 0) finishing.push(j);

    row.set([
      time,
      roundDuration,
      used / gpuCount,
      runningCount,
      queue.length,
      completed,
      arrivals,
      completed > 0 ? jctSum / completed : Number.NaN,
      fragmentation,
      idle > 0 ? fragmentation / idle : 0,
      pending[0]! + pending[1]! + pending[2]! + pending[3]!,
      pending[0]!,
      pending[1]!,
      pending[2]!,
      pending[3]!,
      runningCount > 0 ? 1 - preempted / runningCount : 1,
      ...Array.from(typeUsed, (u, t) => u / typeTotal[t]!),
    ]);
    recorder.recordRound(time, owner, row);
    metricRows.set(row, r * metricNames.length);
    options.onRound?.(r, owner, row);

    for (const j of finishing) {
      release(j);
      jobs.finish[j] = time + roundDuration;
      jctSum += jobs.finish[j]! - jobs.arrival[j]!;
      completed++;
    }
  }
  const arrived = nextArrival;
  const table: RunJobTable = {
    id: jobs.id.slice(0, arrived),
    jobType: jobs.jobType.slice(0, arrived),
    scaleFactor: jobs.scaleFactor.slice(0, arrived),
    arrival: jobs.arrival.slice(0, arrived),
    start: jobs.start.slice(0, arrived),
    finish: jobs.finish.slice(0, arrived),
    priorityWeight: jobs.priorityWeight.slice(0, arrived),
  };
  return { bytes: recorder.finish(table), header, jobs: table, metrics: metricRows, roundCount: rounds };
}
