import { describe, expect, it } from 'vitest';
import { GoRandom } from '../src/random-go/go-random.ts';

// Expected values printed by Go 1.19's math/rand (rand.New(rand.NewSource(seed))): Int63, Int31,
// Uint32, Intn(1000), Intn(1<<20), Perm(8), in that order on one source.
const GO = [
  {
    seed: 42,
    int63: 3440579354231278675n,
    int31: 141734987,
    uint32: 2594563336,
    intn: [750, 776159],
    perm: [3, 5, 2, 6, 0, 1, 4, 7],
  },
  {
    seed: 0,
    int63: 8717895732742165505n,
    int31: 526058514,
    uint32: 2817310706,
    intn: [506, 858363],
    perm: [5, 1, 2, 7, 0, 3, 6, 4],
  },
  {
    seed: -7,
    int63: 747107023976529931n,
    int31: 1649542928,
    uint32: 3257634980,
    intn: [856, 1034171],
    perm: [2, 4, 1, 3, 0, 7, 6, 5],
  },
  {
    seed: 2 ** 40,
    int63: 5470237361722394362n,
    int31: 1472077600,
    uint32: 548299171,
    intn: [73, 423341],
    perm: [6, 2, 3, 5, 7, 0, 4, 1],
  },
];

describe("Go's math/rand", () => {
  it.each(GO)('reproduces Go bit for bit for seed $seed', (expected) => {
    const r = new GoRandom(expected.seed);
    expect(r.int63()).toBe(expected.int63);
    expect(r.int31()).toBe(expected.int31);
    expect(r.uint32()).toBe(expected.uint32);
    expect([r.intn(1000), r.intn(1 << 20)]).toEqual(expected.intn);
    expect([...r.perm(8)]).toEqual(expected.perm);
  });

  it('shuffles as rand.Shuffle does', () => {
    // Go: rand.Seed(42); rand.Int(); rand.Shuffle(10, swap) -> [6 8 3 7 4 2 9 1 5 0], then
    // Intn(8152), Intn(8152), Intn(3), Intn(1), Intn(1213) -> 305 3343 0 0 798.
    const r = new GoRandom(42);
    r.int63();
    const a = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    r.shuffle(a.length, (i, j) => {
      [a[i], a[j]] = [a[j]!, a[i]!];
    });
    expect(a).toEqual([6, 8, 3, 7, 4, 2, 9, 1, 5, 0]);
    expect([r.intn(8152), r.intn(8152), r.intn(3), r.intn(1), r.intn(1213)]).toEqual([305, 3343, 0, 0, 798]);
  });

  it('rejects bounds Go would panic on', () => {
    expect(() => new GoRandom(1).intn(0)).toThrow(RangeError);
  });
});
