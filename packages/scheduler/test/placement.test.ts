import { describe, expect, it } from 'vitest';
import { buildCluster } from '../src/cluster/cluster.ts';
import {
  clusterFragmentation,
  createChooseNode,
  fragmentationTable,
  Placer,
} from '../src/placement/index.ts';
import { createRandom } from '../src/random.ts';
import type { SizeClass } from '../src/workload/job.ts';

// Two types; type 0 nodes of 4 GPUs, type 1 one node of 8.
const cluster = buildCluster(
  'hand',
  ['a', 'b'],
  [
    { type: 0, gpus: 4 },
    { type: 0, gpus: 4 },
    { type: 0, gpus: 4 },
    { type: 1, gpus: 8 },
  ],
);
const both = Uint8Array.of(1, 1);
const onlyB = Uint8Array.of(0, 1);

describe('FGD fragmentation', () => {
  it('counts free GPUs a typical job cannot use, weighted by the mix', () => {
    const mix: SizeClass[] = [
      { scaleFactor: 2, allowed: both, weight: 0.5 },
      { scaleFactor: 1, allowed: onlyB, weight: 0.5 },
    ];
    const table = fragmentationTable(cluster, mix);
    // Type a: the 1-GPU class can never use it (weight .5 x free); the 2-GPU class only when free < 2.
    expect([...table.byType[0]!]).toEqual([0, 1, 1, 1.5, 2]);
    // Type b: both classes fit unless one GPU is free and the job needs two.
    expect(table.byType[1]![1]).toBe(0.5);
    expect(table.byType[1]![5]).toBe(0);
    const free = Int32Array.of(4, 1, 0, 3);
    expect(clusterFragmentation(cluster, table, free)).toBe(2 + 1 + 0 + 0);
  });

  it('places where fragmentation grows least, unlike best-fit', () => {
    const mix: SizeClass[] = [{ scaleFactor: 2, allowed: both, weight: 1 }];
    const fragmentation = fragmentationTable(cluster, mix);
    const context = { random: createRandom(1), fragmentation };
    const free = Int32Array.of(3, 2, 4, 8);
    // A 1-GPU job: on node 1 (2 free) it strands 1 GPU; on node 0 (3 free) it leaves 2 usable.
    expect(createChooseNode('fgd', cluster, context)(0, 1, free)).toBe(0);
    expect(createChooseNode('best-fit', cluster, context)(0, 1, free)).toBe(1);
    expect(createChooseNode('first-fit', cluster, context)(0, 1, free)).toBe(0);
    // A 2-GPU job: node 1 goes to 0 free (no change), the tightest and the FGD choice.
    expect(createChooseNode('fgd', cluster, context)(0, 2, free)).toBe(1);
    expect(createChooseNode('fgd', cluster, context)(0, 5, free)).toBe(-1);
  });

  it('random placement is seeded and only picks nodes with room', () => {
    const fragmentation = fragmentationTable(cluster, []);
    const free = Int32Array.of(1, 4, 4, 8);
    const picks = (seed: number) => {
      const choose = createChooseNode('random', cluster, { random: createRandom(seed), fragmentation });
      return Array.from({ length: 20 }, () => choose(0, 2, free));
    };
    expect(picks(3)).toEqual(picks(3));
    expect(new Set(picks(3))).toEqual(new Set([1, 2]));
  });
});

describe('Placer', () => {
  it('keeps a job on one node when a node has room, else spreads it', () => {
    const fragmentation = fragmentationTable(cluster, []);
    const placer = new Placer(
      cluster,
      createChooseNode('first-fit', cluster, { random: createRandom(1), fragmentation }),
    );
    const a = placer.place(0, 0, 3, new Int32Array(3));
    expect([...a]).toEqual([0, 1, 2]);
    const b = placer.place(1, 0, 3, new Int32Array(3));
    expect([...b]).toEqual([4, 5, 6]);
    const c = placer.place(2, 0, 3, new Int32Array(3));
    expect([...c]).toEqual([8, 9, 10]);
    // 3 nodes with 1 free each: a 3-GPU job must spread.
    const d = placer.place(3, 0, 3, new Int32Array(3));
    expect(new Set(Array.from(d, (g) => cluster.gpuNode[g]))).toEqual(new Set([0, 1, 2]));
    expect(placer.spreadPlacements).toBe(1);
    expect([...placer.free]).toEqual([0, 0, 0, 8]);
    placer.release(b);
    expect([...placer.free]).toEqual([0, 3, 0, 8]);
    expect(Array.from(b, (g) => placer.owner[g])).toEqual([-1, -1, -1]);
  });
});
