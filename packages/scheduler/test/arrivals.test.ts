import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadOpenbNodes } from '../src/cluster/openb-nodes.ts';
import {
  type ArrivalsRun,
  arrivalsRecorder,
  pendingByClass,
  pyRound,
  RESULTS_FILE,
  roundsAtPercent,
  runArrivals,
  runCurves,
  runGrid,
  submissionOrder,
} from '../src/experiments/index.ts';
import { readRunFile } from '../src/format/index.ts';
import { loadPodTable, podMilliGpu, type ShareScheduler } from '../src/placement/sharing/index.ts';
import { GoRandom } from '../src/random-go/go-random.ts';
import { aggregateResults, parseResultsTable } from '../src/results/index.ts';
import { describeShared, sharedData } from './helpers.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const cluster = await loadOpenbNodes(fixture('share-nodes.csv'));
const pods = await loadPodTable(fixture('share-pods.csv'), cluster);
const capacity = cluster.totalGpus * 1000;

describe('submission order', () => {
  it('shuffles every pod once, then adds copies up to the tune ratio as the Go simulator does', () => {
    const order = submissionOrder(pods, capacity, 1.3, new GoRandom(42));
    const base = new Set([...order.subarray(0, pods.names.length)]);
    expect(base.size).toBe(pods.names.length);
    const total = [...order].reduce((sum, p) => sum + podMilliGpu(pods, p), 0);
    // Copies stop before the next draw's per-GPU milli-GPU would pass the target.
    expect(total).toBeLessThanOrEqual(1.3 * capacity + 7000);
    expect(total).toBeGreaterThan(1.3 * capacity - 8000);
    expect([...submissionOrder(pods, capacity, 1.3, new GoRandom(42))]).toEqual([...order]);
    expect([...submissionOrder(pods, capacity, 1.3, new GoRandom(43))]).not.toEqual([...order]);
  });

  it('removes random pods when the list asks for more than the target', () => {
    const order = submissionOrder(pods, capacity, 0.5, new GoRandom(1));
    const total = [...order].reduce((sum, p) => sum + podMilliGpu(pods, p), 0);
    expect(total).toBeLessThanOrEqual(0.5 * capacity);
    expect(order.length).toBeLessThan(pods.names.length);
  });
});

describe('arrivals run', () => {
  const run = runArrivals(cluster, pods, { policy: 'fgd', seed: 42 });

  it('samples the empty cluster, then after every arrival', () => {
    expect(run.arrivedMilli.length).toBe(run.pods.length + 1);
    expect(run.arrivedMilli[0]).toBe(0);
    expect(run.usedNodes[0]).toBe(0);
    for (let s = 1; s < run.arrivedMilli.length; s++) {
      expect(run.arrivedMilli[s]).toBeGreaterThanOrEqual(run.arrivedMilli[s - 1]!);
      // Pods never leave: allocation only grows, and never passes what arrived or the capacity.
      expect(run.usedMilli[s]).toBeGreaterThanOrEqual(run.usedMilli[s - 1]!);
      expect(run.usedMilli[s]).toBeLessThanOrEqual(Math.min(run.arrivedMilli[s]!, capacity));
      expect(run.fragMilli[s]).toBeLessThanOrEqual(run.idleMilli[s]! + 1e-6);
    }
    // Past 100% arrived demand some pods must stay pending.
    expect([...run.node].some((node) => node < 0)).toBe(true);
  });

  it('turns samples into per-percent curves as the artifact analysis does', () => {
    const curves = runCurves(run);
    expect(curves.x.length).toBe(131);
    expect(curves.values.unallocated_gpu[0]! + curves.values.allocated_gpu[0]!).toBe(100);
    const last = curves.values.unallocated_gpu[130]!;
    expect(last).toBeCloseTo(100 - (100 * run.usedMilli.at(-1)!) / capacity, 0);
  });

  it('averages a bucket, or its neighbours when it has no sample', () => {
    const fake: ArrivalsRun = {
      ...run,
      totalGpus: 10,
      tune: 0.05,
      arrivedMilli: Float64Array.of(0, 100, 149, 300),
      usedMilli: Float64Array.of(0, 100, 140, 300),
      usedNodes: Int32Array.of(0, 1, 1, 2),
      fragMilli: Float64Array.of(0, 50, 50, 100),
      idleMilli: Float64Array.of(10000, 9900, 9860, 9700),
    };
    const curves = runCurves(fake);
    // Buckets: 0, 1, 1 (1.49), 3. Bucket 1 averages 1.0 and 1.4 allocated; bucket 2 has no sample,
    // so it averages buckets 1 and 3.
    expect(curves.values.allocated_gpu[1]).toBe(1.2);
    expect(curves.values.allocated_gpu[2]).toBeCloseTo((1 + 1.4 + 3) / 3, 2);
    expect(curves.values.occupied_nodes[3]).toBe(2);
  });

  it("rounds halves to even like Python's round()", () => {
    expect([pyRound(0.5), pyRound(1.5), pyRound(2.5), pyRound(2.6), pyRound(1.234, 2)]).toEqual([
      0, 2, 2, 3, 1.23,
    ]);
  });

  it('adds up the GPUs of pending pods by request size', () => {
    const pending = pendingByClass(run, pods, Number.POSITIVE_INFINITY);
    let expected = 0;
    run.node.forEach((node, i) => {
      if (node < 0) expected += podMilliGpu(pods, run.pods[i]!) / 1000;
    });
    expect(Object.values(pending).reduce((a, b) => a + b, 0)).toBeCloseTo(expected, 9);
    const early = pendingByClass(run, pods, 0);
    expect(Object.values(early).every((value) => value === 0)).toBe(true);
  });

  it('runs a grid of policies and seeds', () => {
    const results = runGrid(cluster, pods, { policies: ['fgd', 'random'], seeds: [1, 2] });
    expect(results.map((result) => result.policy)).toEqual(['fgd', 'random']);
    expect(results[0]!.curves.length).toBe(2);
    expect(results[0]!.stats.unallocated_gpu.count[0]).toBe(2);
  });
});

describe('arrivals run file', () => {
  it('records holders per GPU, with every share of a shared GPU in FRAC', () => {
    const recorder = arrivalsRecorder(cluster, pods, { policy: 'fgd', seed: 42, every: 3 });
    const run = runArrivals(cluster, pods, { policy: 'fgd', seed: 42, onArrival: recorder.onArrival });
    const file = readRunFile(recorder.finish());
    expect(file.roundCount).toBe(Math.ceil(run.pods.length / 3));
    expect(file.jobs.id.length).toBe(run.pods.length);
    const last = file.roundCount - 1;
    const shares = file.sharesAt(last);
    // Every shared GPU's milli-GPU, plus whole GPUs held, equals what the run allocated.
    let milli = 0;
    for (let i = 0; i < shares.milli.length; i++) milli += shares.milli[i]!;
    const owners = file.ownersAt(last);
    const sharedSet = new Set(shares.gpus);
    for (let g = 0; g < owners.length; g++) if (owners[g]! >= 0 && !sharedSet.has(g)) milli += 1000;
    expect(milli).toBe(run.usedMilli.at(-1));
    expect(file.metric('queued')!.at(-1)).toBe([...run.node].filter((n) => n < 0).length);
    expect(file.metric('utilization')!.at(-1)).toBeCloseTo(run.usedMilli.at(-1)! / capacity, 12);
    expect(file.metric('fragmentation_rate')!.at(-1)).toBeCloseTo(
      run.fragMilli.at(-1)! / run.idleMilli.at(-1)!,
      6,
    );
  });

  it('finds the round where the arrived demand first reaches each %', () => {
    const every = 4;
    const recorder = arrivalsRecorder(cluster, pods, { policy: 'bestfit', seed: 43, every });
    const run = runArrivals(cluster, pods, { policy: 'bestfit', seed: 43, onArrival: recorder.onArrival });
    const arrived = readRunFile(recorder.finish()).metric('arrived_pct')!;
    const rounds = roundsAtPercent(run, every);
    expect(rounds.length).toBe(131);
    const reached = pyRound(arrived.at(-1)!);
    for (let x = 0; x <= 130; x++) {
      const r = rounds[x]!;
      if (x > reached) {
        expect(r, `x=${x}`).toBe(arrived.length - 1);
        continue;
      }
      expect(pyRound(arrived[r]!), `x=${x}`).toBeGreaterThanOrEqual(x);
      if (r > 0) expect(pyRound(arrived[r - 1]!), `x=${x}`).toBeLessThan(x);
    }
    expect(rounds[0]).toBe(0);
  });
});

describe('gpusim arrivals', () => {
  const bin = fileURLToPath(new URL('../bin/gpusim.js', import.meta.url));
  it('writes summary.json and the curve tables', () => {
    const out = mkdtempSync(join(tmpdir(), 'arrivals-'));
    execFileSync(
      process.execPath,
      [
        bin,
        'arrivals',
        '--nodes',
        fixture('share-nodes.csv'),
        '--pods',
        fixture('share-pods.csv'),
        '--policy',
        'fgd,bestfit',
        '--seeds',
        '42-43',
        '-q',
        '--out',
        out,
      ],
      { encoding: 'utf8' },
    );
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(Object.keys(summary.policies)).toEqual(['fgd', 'bestfit']);
    expect(summary.seeds).toEqual([42, 43]);
    expect(summary.policies.fgd.at100.unallocated_gpu.median).toBeTypeOf('number');
    const curves = readFileSync(join(out, 'curves.csv'), 'utf8').trim().split('\n');
    expect(curves[0]).toBe(
      'policy,seed,x,frag_rate,frag_over_total,unallocated_gpu,allocated_gpu,occupied_nodes',
    );
    expect(curves.length).toBe(1 + 2 * 2 * 131);
    // The results document for the viewer: one observation per policy, seed and %, the same values.
    const table = parseResultsTable(JSON.parse(readFileSync(join(out, RESULTS_FILE), 'utf8')), RESULTS_FILE);
    expect(table.observations).toHaveLength(2 * 2 * 131);
    expect(table.metrics).toEqual(['frag_rate', 'frag_over_total', 'unallocated_gpu', 'occupied_nodes']);
    const [header, ...rows] = curves.map((line) => line.split(','));
    const cell = (row: string[], name: string) => {
      const text = row[header!.indexOf(name)]!;
      return text === '' ? null : Number(text);
    };
    for (const row of rows.filter((_, i) => i % 37 === 0)) {
      const o = table.observations.find(
        (o) => o.labels.policy === row[0] && o.labels.seed === row[1] && o.x === Number(row[2]),
      )!;
      expect(o.values.unallocated_gpu).toBe(cell(row, 'unallocated_gpu'));
      expect(o.values.frag_rate).toBe(cell(row, 'frag_rate'));
    }
    const fgd = aggregateResults(table)[0]!;
    expect(fgd.labels).toEqual({ policy: 'fgd' });
    expect(fgd.points[100]!.metrics.unallocated_gpu!.mean).toBeCloseTo(
      summary.policies.fgd.at100.unallocated_gpu.mean,
      4,
    );
  });

  it.each([
    [['--policy', 'worst-fit'], /--policy: expected "all" or names among .*, got "worst-fit"/],
    [['--seeds', '9-3'], /--seeds: expected a range low-high, got "9-3"/],
    [['--tune', '0'], /--tune: expected a ratio > 0 such as 1.3, got "0"/],
    [['--record-every', '0'], /--record-every: expected a whole number >= 1, got "0"/],
  ])('rejects %j in one line', (args, message) => {
    const result = spawnSync(
      process.execPath,
      [bin, 'arrivals', '--nodes', fixture('share-nodes.csv'), '--pods', fixture('share-pods.csv'), ...args],
      {
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});

describeShared('openb_pod_list_default.csv', 'the paper workload against the Go simulator', (podsPath) => {
  it('submits the same 10,866 pods, makes the same FGD decisions and ends in the same state as a real Go run (seed 42)', async () => {
    const nodes = await loadOpenbNodes(sharedData('openb_node_list_gpu_node.csv')!);
    const table = await loadPodTable(podsPath, nodes);
    const decisions: [string, string][] = [];
    let scheduler: ShareScheduler | undefined;
    const run = runArrivals(nodes, table, {
      policy: 'fgd',
      seed: 42,
      onArrival: (i, pod, node, s) => {
        scheduler = s;
        if (i < 12) decisions.push([table.names[pod]!, nodes.nodes[node]!.name!]);
      },
    });
    // From the log of bin/simon (hkust-adsl/kubernetes-scheduler-simulator @ 8f3d641) with the
    // paper's FGD config, tune 1.3, seed 42: "[Tune] Num of Pods after Tuning: 10866" and its
    // first "pod(...) is scheduled to node(NNNN-...)" lines, prefixes dropped.
    expect(run.pods.length).toBe(10866);
    expect(decisions).toEqual([
      ['openb-pod-0255', 'openb-node-0260'],
      ['openb-pod-1685', 'openb-node-1080'],
      ['openb-pod-6784', 'openb-node-0260'],
      ['openb-pod-4463', 'openb-node-0260'],
      ['openb-pod-0602', 'openb-node-0260'],
      ['openb-pod-1564', 'openb-node-0292'],
      ['openb-pod-3882', 'openb-node-1141'],
      ['openb-pod-7257', 'openb-node-0260'],
      ['openb-pod-6545', 'openb-node-0475'],
      ['openb-pod-1541', 'openb-node-0260'],
      ['openb-pod-1599', 'openb-node-0604'],
      ['openb-pod-3697', 'openb-node-0260'],
    ]);
    // Its closing "Cluster Analysis Results (InitSchedule)", also quoted in the artifact's
    // experiments/README.md: MilliCpu 89928302/107018000, Gpu 6189/6212, MilliGpu 5919410/6212000,
    // idle_gpu_milli 292.59 x 10^3, frag_gpu_milli 291.36 x 10^3.
    const state = scheduler!.state;
    let cpu = 0;
    for (let n = 0; n < nodes.nodes.length; n++) cpu += nodes.nodeCpuMilli[n]! - state.cpuLeft[n]!;
    expect(cpu).toBe(89928302);
    expect([...state.milliLeft].filter((left) => left < 1000).length).toBe(6189);
    expect(run.usedMilli.at(-1)).toBe(5919410);
    expect((run.idleMilli.at(-1)! / 1000).toFixed(2)).toBe('292.59');
    expect((run.fragMilli.at(-1)! / 1000).toFixed(2)).toBe('291.36');
  });
});
