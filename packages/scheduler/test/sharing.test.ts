import { InputError } from 'kit';
import { describe, expect, it } from 'vitest';
import { clusterFromOpenbNodes } from '../src/cluster/openb-nodes.ts';
import {
  FRAG_CLASS_COUNT,
  fragOf,
  idleOf,
  nodeFragClasses,
  type PodTable,
  parsePodTable,
  type SharePolicyName,
  ShareScheduler,
  typicalPods,
} from '../src/placement/sharing/index.ts';
import { GoRandom } from '../src/random-go/go-random.ts';

const NODES = `sn,cpu_milli,memory_mib,gpu,model
n0,32000,131072,4,V100M16
n1,32000,131072,2,T4
n2,64000,262144,8,G2
`;
const nodes = clusterFromOpenbNodes(NODES, 'nodes.csv');

const POD_HEADER = 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec\n';
function pods(rows: string, cluster = nodes): PodTable {
  return parsePodTable(POD_HEADER + rows, 'pods.csv', cluster);
}

function errorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('resource model', () => {
  it('reads CPU and memory per node from an openb node list', () => {
    expect([...nodes.nodeCpuMilli]).toEqual([32000, 32000, 64000]);
    expect([...nodes.nodeMemoryMib]).toEqual([131072, 131072, 262144]);
    expect(nodes.hasNodeResources).toBe(true);
    const withoutResources = clusterFromOpenbNodes('sn,gpu,model\na,2,T4\n', 'plain.csv');
    expect(withoutResources.hasNodeResources).toBe(false);
    expect(() => new ShareScheduler(withoutResources, pods('p,1,1,0,0,\n'), 'fgd')).toThrow(
      /cpu_milli and memory_mib/,
    );
  });

  it('reads pods with shares, whole GPUs and model restrictions', () => {
    const table = pods('a,4000,1024,1,250,\nb,8000,2048,2,1000,T4|V100M16\nc,1000,512,0,0,\n');
    expect([...table.numGpu]).toEqual([1, 2, 0]);
    expect([...table.gpuMilli]).toEqual([250, 1000, 0]);
    expect(table.specText[table.spec[1]!]).toBe('T4|V100M16');
    expect([...table.allowedTypes[table.spec[1]!]!]).toEqual([1, 1, 0]);
  });

  it.each([
    ['a,-100,1024,1,500,', 'pods.csv:2: cpu_milli: expected milli-cores, an integer >= 0, got "-100"'],
    ['a,100,-1,1,500,', 'pods.csv:2: memory_mib: expected MiB, an integer >= 0, got "-1"'],
    [
      'a,100,1,2,500,',
      'pods.csv:2: gpu_milli: expected 1000 for a pod with num_gpu 2 (only a one-GPU pod can share a GPU), got 500',
    ],
    ['a,100,1,2,1500,', 'pods.csv:2: gpu_milli: expected at most 1000 milli-GPU per GPU, got 1500'],
    ['a,100,1,1,0,', 'pods.csv:2: gpu_milli: expected 1..1000 for a pod with num_gpu 1, got 0'],
    ['a,100,1,0,300,', 'pods.csv:2: gpu_milli: expected 0 for a pod without GPUs (num_gpu 0), got 300'],
    [
      'a,100,1,1,500,A100',
      'pods.csv:2: gpu_spec: expected GPU models of the cluster (V100M16, T4, G2), got "A100"',
    ],
    [
      'a,100,1,16,1000,',
      'pods.csv:2: num_gpu: expected at most 8 GPUs (the most any allowed node has), got 16',
    ],
    [
      'a,100,1,4,1000,T4',
      'pods.csv:2: num_gpu: expected at most 2 GPUs (the most any allowed node has), got 4',
    ],
    [
      'a,70000,1,4,1000,',
      'pods.csv:2: cpu_milli: expected at most 64000 milli-cores (the most any node with 4 allowed GPUs has), got 70000',
    ],
    [
      'a,100,300000,0,0,',
      'pods.csv:2: memory_mib: expected at most 262144 MiB (the most any node with room for its GPUs and CPU has), got 300000',
    ],
    ['a,1,1,0,0,\na,1,1,0,0,', 'pods.csv:3: name: expected a pod name used once, got "a"'],
  ])('rejects %s in one line naming file, line and field', (rows, message) => {
    expect(errorOf(() => pods(rows)).message).toBe(message);
  });

  it('rejects bad node rows', () => {
    expect(
      errorOf(() => clusterFromOpenbNodes('sn,cpu_milli,memory_mib,gpu,model\na,-1,1,2,T4\n', 'n.csv'))
        .message,
    ).toBe('n.csv:2: cpu_milli: expected milli-cores, an integer >= 0, got "-1"');
  });
});

describe('FGD fragmentation of a node', () => {
  // Shapes: 40% one 500-milli share, 30% two whole GPUs, 20% CPU-only, 10% one whole T4.
  const table = pods(
    [
      ...Array.from({ length: 4 }, (_, i) => `s${i},2000,1,1,500,`),
      ...Array.from({ length: 3 }, (_, i) => `w${i},8000,1,2,1000,`),
      ...Array.from({ length: 2 }, (_, i) => `c${i},1000,1,0,0,`),
      't0,1000,1,1,1000,T4',
    ].join('\n'),
  );
  const typical = typicalPods(table, { coverage: 100 });

  it('keeps the popular shapes in decreasing popularity', () => {
    expect([...typical.freq]).toEqual([0.4, 0.3, 0.2, 0.1]);
    expect([...typical.gpuMilli]).toEqual([500, 1000, 0, 1000]);
  });

  it('counts as fragments what each shape cannot use, weighted by its frequency', () => {
    const classes = new Float64Array(FRAG_CLASS_COUNT);
    // A V100 node with GPUs free 1000, 300, 0, 0 and 30 cores free.
    nodeFragClasses(typical, 0, 30000, Int32Array.of(1000, 300, 0, 0), 0, 4, classes, 0);
    // share: fits, only the 300 is a fragment (0.4 x 300); two GPUs: lacks GPU (0.3 x 1300);
    // CPU-only: every idle GPU (0.2 x 1300); T4-only: wrong model (0.1 x 1300).
    expect(fragOf(classes, 0)).toBeCloseTo(0.4 * 300 + 0.3 * 1300 + 0.2 * 1300 + 0.1 * 1300, 9);
    expect(idleOf(classes, 0)).toBeCloseTo(1300, 9);
    // Without CPU for the share shape, all of the node's idle GPU is a fragment for it too.
    nodeFragClasses(typical, 0, 1500, Int32Array.of(1000, 300, 0, 0), 0, 4, classes, 0);
    expect(fragOf(classes, 0)).toBeCloseTo(1300, 9);
  });
});

/** Places rows in order and returns the node names. */
function placeAll(policy: SharePolicyName, table: PodTable, seed = 1) {
  const scheduler = new ShareScheduler(nodes, table, policy, { random: new GoRandom(seed) });
  const placed = table.names.map((_, p) => scheduler.place(p, p));
  return { scheduler, names: placed.map((n) => (n < 0 ? 'pending' : nodes.nodes[n]!.name!)) };
}

describe('placement policies', () => {
  it('shares a GPU between pods and keeps whole GPUs exclusive', () => {
    const table = pods(
      'a,1000,1,1,600,\nb,1000,1,1,400,\nc,1000,1,1,100,\nd,1000,1,8,1000,\ne,1000,1,1,1000,G2',
    );
    const { scheduler, names } = placeAll('bestfit', table);
    expect(names).toEqual(['n1', 'n1', 'n1', 'n2', 'pending']);
    const first = nodes.nodeFirstGpu[1]!;
    // a took 600 of T4 0; b fits exactly there; c goes to the other T4.
    expect(scheduler.state.sharesOf(first).map((share) => [share.owner, share.milli])).toEqual([
      [0, 600],
      [1, 400],
    ]);
    expect([...scheduler.state.milliLeft.subarray(first, first + 2)]).toEqual([0, 900]);
    // The 8-GPU pod holds n2 alone; the one-GPU G2 pod finds nothing left there.
    expect(scheduler.state.fullyFree[2]).toBe(0);
  });

  it('filters on CPU and memory as well as GPUs', () => {
    // a fits only n2 (CPU); b still fits there; c finds no node with 250,000 MiB left.
    const table = pods('a,40000,1,1,1000,\nb,10000,250000,0,0,\nc,10000,250000,0,0,');
    const { names } = placeAll('first-fit', table);
    expect(names).toEqual(['n2', 'n2', 'pending']);
  });

  it('best-fit packs the fullest node; first-fit takes the first', () => {
    const table = pods('a,16000,1,1,1000,\nb,1000,1,1,500,');
    expect(placeAll('bestfit', table).names).toEqual(['n1', 'n1']);
    expect(placeAll('first-fit', table).names).toEqual(['n0', 'n0']);
  });

  it('GPU packing prefers a shared GPU, then a used node, then the smallest idle node', () => {
    const table = pods('a,1000,1,1,1000,\nb,1000,1,1,300,\nc,1000,1,1,300,\nd,1000,1,1,1000,');
    // a: all idle, smaller nodes score higher (33 - free): n1. b: a used node beats idle ones: n1.
    // c: shares b's GPU on n1 (score 100 - 70/10). d: n1 is full, the 4-GPU n0 beats the 8-GPU n2.
    expect(placeAll('packing', table).names).toEqual(['n1', 'n1', 'n1', 'n0']);
  });

  it('GPU clustering keeps pods of one kind together', () => {
    const table = pods('a,1000,1,1,200,\nb,1000,1,2,1000,\nc,1000,1,1,200,\nd,1000,1,2,1000,');
    // a: every node is idle; the least free milli-GPU wins: n1. b: not with a's kind: idle n0 (25 +
    // 25 x 4000 / 8000) beats n2. c: with a. d: with b.
    expect(placeAll('clustering', table).names).toEqual(['n1', 'n0', 'n1', 'n0']);
  });

  it('DotProd prefers the node whose free resources align least with the request', () => {
    const table = pods('a,30000,1,1,1000,');
    // free . request / 2 (per 128 cores, 8 GPUs): n1 0.045, n0 0.061, n2 0.180; the smallest wins.
    expect(placeAll('dotprod', table).names).toEqual(['n1']);
  });

  it('FGD avoids splitting idle GPUs that typical pods need whole', () => {
    // Workload: mostly 2-GPU pods, some shares. A share should go where a GPU is already shared,
    // not onto an idle 2-GPU T4 node that a 2-GPU pod could fill.
    const table = pods(
      [
        ...Array.from({ length: 6 }, (_, i) => `w${i},1000,1,2,1000,`),
        ...Array.from({ length: 3 }, (_, i) => `s${i},1000,1,1,500,`),
      ].join('\n'),
    );
    const scheduler = new ShareScheduler(nodes, table, 'fgd');
    const order = [6, 7, 8];
    const placed = order.map((p) => nodes.nodes[scheduler.place(p, p)]!.name);
    expect(placed[1]).toBe(placed[0]);
    const gpuOf = (owner: number) =>
      [...Array(nodes.totalGpus).keys()].find((g) =>
        scheduler.state.sharesOf(g).some((s) => s.owner === owner),
      );
    // The second share takes the rest of the first share's GPU.
    expect(gpuOf(7)).toBe(gpuOf(6));
  });

  it('random-fit draws from Go rand: the same seed, the same placements', () => {
    const table = pods(Array.from({ length: 12 }, (_, i) => `s${i},1000,1,1,300,`).join('\n'));
    const one = placeAll('random', table, 7).names;
    expect(placeAll('random', table, 7).names).toEqual(one);
    expect(new Set(placeAll('random', table, 8).names.concat(one)).size).toBeGreaterThan(1);
  });

  it('releases what an owner holds', () => {
    const table = pods('a,1000,1024,1,600,');
    const scheduler = new ShareScheduler(nodes, table, 'bestfit');
    const node = scheduler.place(5, 0);
    expect(scheduler.state.cpuLeft[node]).toBe(31000);
    expect(scheduler.release(5)).toBe(node);
    expect(scheduler.state.cpuLeft[node]).toBe(32000);
    expect(scheduler.state.memoryLeft[node]).toBe(131072);
    expect(scheduler.state.nodeMilliLeft[node]).toBe(2000);
    expect(scheduler.release(5)).toBe(-1);
  });
});
