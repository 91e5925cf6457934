import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunFile } from '../src/format/index.ts';
import { type RunOptionsInput, type RunResult, runSimulation, writeRunOutputs } from '../src/index.ts';
import { RUN_PLACEMENT_NAMES } from '../src/placement/run-placement.ts';
import { checkSharedRun, type NodeRow, nodesCsv, type PodRow, podsCsv } from './shared-run-check.ts';

let dir = '';
let files = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gpusim-shared-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the node and pod lists and runs them in the round engine with GPU sharing. */
async function runShared(
  nodes: NodeRow[],
  pods: PodRow[],
  options: Partial<RunOptionsInput> = {},
): Promise<{ result: RunResult; nodes: NodeRow[] }> {
  const id = files++;
  const cluster = join(dir, `nodes-${id}.csv`);
  const podList = join(dir, `pods-${id}.csv`);
  await writeFile(cluster, nodesCsv(nodes));
  await writeFile(podList, podsCsv(pods));
  const result = await runSimulation({ cluster, podList, roundDuration: 360, ...options });
  return { result, nodes };
}

const metric = (result: RunResult, name: string, round: number) =>
  result.rounds.values[round * result.rounds.names.length + result.rounds.names.indexOf(name)]!;

const quarter = (name: string, extra: Partial<PodRow> = {}): PodRow => ({
  name,
  cpu: 2000,
  memory: 4096,
  gpus: 1,
  milli: 250,
  arrival: 0,
  duration: 1000,
  ...extra,
});

describe('GPU sharing in the round engine', () => {
  const oneGpu: NodeRow[] = [{ name: 'n0', cpu: 16000, memory: 65536, gpus: 1, model: 'T4' }];

  it('runs two quarter-GPU pods on one GPU in the same round', async () => {
    const { result } = await runShared(oneGpu, [quarter('p0'), quarter('p1')]);
    expect(result.summary.endReason).toBe('completed');
    expect([...result.jobs.start]).toEqual([0, 0]);
    expect([...result.jobs.jct]).toEqual([1000, 1000]);
    expect(metric(result, 'running', 0)).toBe(2);
    expect(metric(result, 'utilization', 0)).toBe(0.5);
    expect(metric(result, 'shared_gpus', 0)).toBe(1);
    const file = readRunFile(result.runFile);
    const shares = file.sharesAt(0);
    expect([...shares.gpus]).toEqual([0]);
    expect([...shares.owner]).toEqual([0, 1]);
    expect([...shares.milli]).toEqual([250, 250]);
    // ALOC names the largest holder (the first of equals), so readers without FRAC see it busy.
    expect(file.ownersAt(0)[0]).toBe(0);
    expect(result.summary.gpuSharing).toEqual({ policy: 'first-fit', sharedPods: 2, placementFallbacks: 0 });
  });

  it('gives each of them a whole GPU without sharing, so the second waits', async () => {
    const { result } = await runShared(oneGpu, [quarter('p0'), quarter('p1')], { gpuSharing: false });
    expect([...result.jobs.start]).toEqual([0, 1000]);
    expect(result.summary.gpuSharing).toBeUndefined();
    expect(readRunFile(result.runFile).hasShares).toBe(false);
  });

  it('skips a node whose CPU or memory is too small, even when its GPU is free', async () => {
    const nodes: NodeRow[] = [
      { name: 'a', cpu: 4000, memory: 8192, gpus: 1, model: 'T4' },
      { name: 'b', cpu: 16000, memory: 8192, gpus: 1, model: 'T4' },
      { name: 'c', cpu: 16000, memory: 65536, gpus: 1, model: 'T4' },
    ];
    // First-fit would take node a: the CPU rules it out for one pod, memory a and b for the other.
    const gpuOf = async (pod: PodRow) => {
      const { result } = await runShared(nodes, [pod], { placement: 'first-fit' });
      const shares = readRunFile(result.runFile).sharesAt(0);
      expect([...shares.owner]).toEqual([0]);
      return [...shares.gpus];
    };
    expect(await gpuOf(quarter('cpu', { cpu: 8000, memory: 4096 }))).toEqual([1]);
    expect(await gpuOf(quarter('memory', { cpu: 2000, memory: 16384 }))).toEqual([2]);
  });

  it('never runs two pods together whose CPU the only node cannot hold, with GPU milli to spare', async () => {
    const node: NodeRow[] = [{ name: 'n0', cpu: 8000, memory: 65536, gpus: 1, model: 'T4' }];
    const { result } = await runShared(node, [quarter('p0', { cpu: 6000 }), quarter('p1', { cpu: 6000 })]);
    for (let r = 0; r < result.rounds.count; r++) expect(metric(result, 'running', r)).toBe(1);
    expect(metric(result, 'queued', 0)).toBe(1);
    expect(metric(result, 'pending_demand_shared', 0)).toBe(0.25);
    // One at a time: 2,000 s of work end at 2,000 s.
    expect(Math.max(...result.jobs.finish)).toBe(2000);
    checkSharedRun(result, node);
  });

  it('never sends a pod to a type none of whose nodes could hold it', async () => {
    // The T4 node is first and as fast, but has too little CPU: fifo must not allocate there.
    const nodes: NodeRow[] = [
      { name: 'a', cpu: 4000, memory: 65536, gpus: 2, model: 'T4' },
      { name: 'b', cpu: 16000, memory: 65536, gpus: 1, model: 'P100' },
    ];
    const { result } = await runShared(nodes, [quarter('big', { cpu: 8000, milli: 1000 })], {
      policy: 'fifo',
    });
    expect(result.summary.endReason).toBe('completed');
    expect(readRunFile(result.runFile).ownersAt(0)[2]).toBe(0);
  });

  it('refuses a pod no node could ever hold in one line naming file, line and field', async () => {
    const error = await runShared(oneGpu, [quarter('p0'), quarter('huge', { cpu: 64000 })]).catch(
      (caught: Error) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(
      /pods-\d+\.csv:3: cpu_milli: expected at most 16000 milli-cores \(the most any node with 1 allowed GPUs has\), got 64000$/,
    );
    expect(message).not.toContain('\n');
  });

  it('runs with every placement policy of the sharing model', async () => {
    const nodes: NodeRow[] = [
      { name: 'a', cpu: 16000, memory: 65536, gpus: 2, model: 'T4' },
      { name: 'b', cpu: 32000, memory: 131072, gpus: 4, model: 'G2' },
    ];
    const pods: PodRow[] = [
      quarter('s0', { milli: 500 }),
      quarter('s1', { milli: 300, arrival: 100 }),
      quarter('w2', { gpus: 2, milli: 1000, cpu: 8000 }),
      quarter('s3', { milli: 700, duration: 4000 }),
      quarter('w4', { gpus: 4, milli: 1000, spec: 'G2', arrival: 500 }),
      quarter('s5', { milli: 100, spec: 'T4' }),
    ];
    for (const placement of RUN_PLACEMENT_NAMES) {
      const { result } = await runShared(nodes, pods, { placement, policy: 'max-min-fairness' });
      expect(result.summary.endReason, placement).toBe('completed');
      checkSharedRun(result, nodes);
    }
  });

  it('writes jobs.csv with the pods, rounds.csv with the sharing columns and a run file with FRAC', async () => {
    const { result } = await runShared(oneGpu, [quarter('p0'), quarter('p1', { milli: 500, cpu: 3000 })]);
    const out = join(dir, 'out');
    await writeRunOutputs(out, result);
    const jobs = (await readFile(join(out, 'jobs.csv'), 'utf8')).trim().split('\n');
    expect(jobs[0]).toBe(
      'id,type,scale_factor,priority_weight,arrival,start,finish,jct,total_steps,isolated_time,gpu_milli,cpu_milli,memory_mib',
    );
    expect(jobs[2]).toBe('1,openb pod,1,1,0,0,1000,1000,1000,1000,500,3000,4096');
    const rounds = (await readFile(join(out, 'rounds.csv'), 'utf8')).trim().split('\n');
    expect(rounds[0]!.endsWith(',utilization_T4,pending_demand_shared,shared_gpus')).toBe(true);
    expect(rounds[1]!.split(',')[3]).toBe('0.75');
    const file = readRunFile(new Uint8Array(await readFile(join(out, 'run.gpuviz'))));
    // Placed largest first; ALOC names the larger holder.
    expect([...file.sharesAt(0).owner]).toEqual([1, 0]);
    expect([...file.sharesAt(0).milli]).toEqual([500, 250]);
    expect(file.ownersAt(0)[0]).toBe(1);
    checkSharedRun(result, oneGpu);
  });
});

/** Small random clusters and pod lists whose every pod fits some node when the cluster is empty. */
const MODELS = ['T4', 'G2', 'P100'];
const workloadArbitrary = fc
  .record({
    nodes: fc.array(
      fc.record({
        cpu: fc.integer({ min: 2, max: 16 }).map((cores) => cores * 1000),
        memory: fc.integer({ min: 4, max: 64 }).map((gib) => gib * 1024),
        gpus: fc.constantFrom(1, 2, 4),
        model: fc.constantFrom(...MODELS),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    pods: fc.array(
      fc.record({
        node: fc.nat(),
        cpu: fc.double({ min: 0, max: 1, noNaN: true }),
        memory: fc.double({ min: 0, max: 1, noNaN: true }),
        gpus: fc.nat(),
        milli: fc.oneof(fc.integer({ min: 50, max: 999 }), fc.constant(1000)),
        anyModel: fc.boolean(),
        arrival: fc.integer({ min: 0, max: 3000 }),
        duration: fc.integer({ min: 1, max: 3000 }),
      }),
      { minLength: 1, maxLength: 24 },
    ),
    policy: fc.constantFrom('fifo', 'max-min-fairness', 'isolated', 'single-type'),
    placement: fc.constantFrom(...RUN_PLACEMENT_NAMES),
    roundDuration: fc.constantFrom(120, 360),
    seed: fc.nat(1000),
  })
  .map(({ nodes, pods, ...options }) => {
    const nodeRows: NodeRow[] = nodes.map((node, n) => ({ name: `n${n}`, ...node }));
    const podRows: PodRow[] = pods.map((pod, p) => {
      // Sized against one node, so it fits there on an empty cluster.
      const home = nodeRows[pod.node % nodeRows.length]!;
      const gpus = pod.milli < 1000 ? 1 : 1 + (pod.gpus % home.gpus);
      return {
        name: `p${String(p).padStart(2, '0')}`,
        cpu: Math.floor((pod.cpu * home.cpu) / 1000) * 1000,
        memory: Math.floor(pod.memory * home.memory),
        gpus,
        milli: pod.milli,
        spec: pod.anyModel ? '' : home.model,
        arrival: pod.arrival,
        duration: pod.duration,
      };
    });
    return { nodes: nodeRows, pods: podRows, options };
  });

describe('GPU sharing invariants (property)', () => {
  it('never puts more than 1,000 milli-GPU on a GPU or more than its CPU and memory on a node', async () => {
    await fc.assert(
      fc.asyncProperty(workloadArbitrary, async ({ nodes, pods, options }) => {
        const { result } = await runShared(nodes, pods, options);
        expect(result.summary.endReason).toBe('completed');
        checkSharedRun(result, nodes);
      }),
      { numRuns: 40, seed: 16 },
    );
  }, 120_000);
});
