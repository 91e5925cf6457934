/**
 * CPython's `random.Random`, bit for bit: MT19937 seeded the way `Random(n).seed` seeds it
 * (`init_by_array` over the 32-bit words of |n|), and the methods Gavel draws from: `random()`,
 * `uniform`, `getrandbits`, `_randbelow`, `choice`, `shuffle`. With it, a seed reproduces
 * Gavel's job stream and its per-round type shuffle exactly (test/python-random.test.ts checks
 * it against vectors from CPython 3.11).
 */
const N = 624;
const M = 397;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

export class PythonRandom {
  private readonly mt = new Uint32Array(N);
  private index = N + 1;

  /** `seed` is a whole number in [0, 2^53); CPython takes |n| for negative seeds, and so do we. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed))
      throw new RangeError(`PythonRandom: expected a safe integer seed, got ${seed}`);
    let value = Math.abs(seed);
    const key: number[] = [];
    while (value > 0) {
      key.push(value % 2 ** 32);
      value = Math.floor(value / 2 ** 32);
    }
    // CPython seeds 0 with the one-word key [0].
    this.initByArray(key.length > 0 ? key : [0]);
  }

  private initGenrand(s: number): void {
    const { mt } = this;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.index = N;
  }

  private initByArray(key: readonly number[]): void {
    const { mt } = this;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = UPPER;
  }

  /** One 32-bit output of MT19937 (CPython's genrand_uint32). */
  uint32(): number {
    const { mt } = this;
    if (this.index >= N) {
      let kk = 0;
      for (; kk < N - M; kk++) {
        const y = (mt[kk]! & UPPER) | (mt[kk + 1]! & LOWER);
        mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        const y = (mt[kk]! & UPPER) | (mt[kk + 1]! & LOWER);
        mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      const y = (mt[N - 1]! & UPPER) | (mt[0]! & LOWER);
      mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      this.index = 0;
    }
    let y = mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits, as `random.random()`. */
  random(): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) * (1 / 9007199254740992);
  }

  /** `random.uniform(a, b)`: a + (b - a) * random(). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.random();
  }

  /** `random.getrandbits(k)` for 0 <= k <= 32. */
  getrandbits(k: number): number {
    if (!(Number.isInteger(k) && k >= 0 && k <= 32))
      throw new RangeError(`getrandbits: expected 0 <= k <= 32, got ${k}`);
    if (k === 0) return 0;
    return this.uint32() >>> (32 - k);
  }

  /** `random._randbelow(n)` for 1 <= n < 2^32: rejection sampling on n.bit_length() bits. */
  randbelow(n: number): number {
    if (!(Number.isInteger(n) && n >= 1 && n < 2 ** 32))
      throw new RangeError(`randbelow: expected 1 <= n < 2^32, got ${n}`);
    const k = bitLength(n);
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** `random.choice(seq)`. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('choice: cannot choose from an empty sequence');
    return items[this.randbelow(items.length)]!;
  }

  /** `random.shuffle(x)` in place (Fisher-Yates from the end, as CPython). */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      const held = items[i]!;
      items[i] = items[j]!;
      items[j] = held;
    }
    return items;
  }
}

function bitLength(n: number): number {
  return 32 - Math.clz32(n);
}
