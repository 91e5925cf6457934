import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PythonRandom } from '../src/workload/python-random.ts';

/** Draws from CPython's random.Random, made by tools/python-random-vectors.py (command in the file). */
interface Case {
  seed: number;
  uint32: number[];
  random: number[];
  uniform: number[];
  getrandbits: [number, number][];
  randbelow: [number, number][];
  choice26: number[];
  shuffle: number[][];
  after5000: number;
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/python-random.json', import.meta.url), 'utf8'),
) as {
  python: string;
  cases: Case[];
};

describe(`PythonRandom against CPython ${fixture.python}`, () => {
  for (const c of fixture.cases) {
    it(`seed ${c.seed}: the same words, floats, integers, choices and shuffles`, () => {
      let r = new PythonRandom(c.seed);
      expect(c.uint32.map(() => r.getrandbits(32))).toEqual(c.uint32);
      r = new PythonRandom(c.seed);
      expect(c.random.map(() => r.random())).toEqual(c.random);
      r = new PythonRandom(c.seed);
      expect(c.uniform.map(() => r.uniform(1.5, 3))).toEqual(c.uniform);
      r = new PythonRandom(c.seed);
      expect(c.getrandbits.map(([k]) => [k, r.getrandbits(k)])).toEqual(c.getrandbits);
      r = new PythonRandom(c.seed);
      expect(c.randbelow.map(([n]) => [n, r.randbelow(n)])).toEqual(c.randbelow);
      r = new PythonRandom(c.seed);
      const table = Array.from({ length: 26 }, (_, i) => i);
      expect(c.choice26.map(() => r.choice(table))).toEqual(c.choice26);
      r = new PythonRandom(c.seed);
      expect(c.shuffle.map((items) => r.shuffle(Array.from({ length: items.length }, (_, i) => i)))).toEqual(
        c.shuffle,
      );
      r = new PythonRandom(c.seed);
      for (let i = 0; i < 5000; i++) r.random();
      expect(r.random()).toBe(c.after5000);
    });
  }

  it('refuses what CPython would not compute the same way', () => {
    expect(() => new PythonRandom(0.5)).toThrow('safe integer');
    expect(() => new PythonRandom(0).getrandbits(33)).toThrow('0 <= k <= 32');
    expect(() => new PythonRandom(0).randbelow(0)).toThrow('1 <= n');
    expect(() => new PythonRandom(0).choice([])).toThrow('empty sequence');
  });
});
