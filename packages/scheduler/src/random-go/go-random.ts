import { RNG_COOKED } from './cooked.ts';

/**
 * Go's math/rand (the seeded source every Go version before 1.22 uses for `rand.Seed`), bit for
 * bit: the additive lagged Fibonacci generator of Mitchell and Reeds over 607 words, seeded
 * through Go's cooked table. The FGD simulator draws its pod order and its workload inflation
 * from this generator with seeds 42..51, so reproducing it gives the very pod sequences the
 * paper ran. Words are kept as u32 halves so no BigInt sits on the hot path.
 */
const LEN = 607;
const TAP = 273;
const INT32_MAX = 2147483647;

function seedrand(x: number): number {
  const hi = Math.trunc(x / 44488);
  const lo = x % 44488;
  let next = 48271 * lo - 3399 * hi;
  if (next < 0) next += INT32_MAX;
  return next;
}

export class GoRandom {
  private readonly hi = new Uint32Array(LEN);
  private readonly lo = new Uint32Array(LEN);
  private tap = 0;
  private feed = LEN - TAP;

  constructor(seed: number) {
    this.seed(seed);
  }

  seed(seed: number): void {
    this.tap = 0;
    this.feed = LEN - TAP;
    let s = Number(BigInt.asIntN(64, BigInt(Math.trunc(seed))) % BigInt(INT32_MAX));
    if (s < 0) s += INT32_MAX;
    if (s === 0) s = 89482311;
    let x = s;
    for (let i = -20; i < LEN; i++) {
      x = seedrand(x);
      if (i < 0) continue;
      // u = x << 40 ^ x2 << 20 ^ x3 ^ cooked[i], in 64 bits.
      let hi = ((x & 0xffffff) << 8) >>> 0;
      x = seedrand(x);
      hi ^= x >>> 12;
      let lo = ((x & 0xfff) << 20) >>> 0;
      x = seedrand(x);
      lo = (lo ^ x) >>> 0;
      this.hi[i] = (hi ^ RNG_COOKED[2 * i]!) >>> 0;
      this.lo[i] = (lo ^ RNG_COOKED[2 * i + 1]!) >>> 0;
    }
  }

  /** Advances the generator; leaves the 64-bit word in (lastHi, lastLo). */
  private lastHi = 0;
  private lastLo = 0;
  private step(): void {
    if (--this.tap < 0) this.tap += LEN;
    if (--this.feed < 0) this.feed += LEN;
    const f = this.feed;
    const t = this.tap;
    const lo = this.lo[f]! + this.lo[t]!;
    const carry = lo > 0xffffffff ? 1 : 0;
    this.lastLo = lo >>> 0;
    this.lastHi = (this.hi[f]! + this.hi[t]! + carry) >>> 0;
    this.lo[f] = this.lastLo;
    this.hi[f] = this.lastHi;
  }

  /** Go's Int31: the top 31 bits of Int63. */
  int31(): number {
    this.step();
    return this.lastHi & 0x7fffffff;
  }

  /** Go's Uint32: bits 31..62 of Int63. */
  uint32(): number {
    this.step();
    return (((this.lastHi & 0x7fffffff) << 1) | (this.lastLo >>> 31)) >>> 0;
  }

  /** Go's Int63 (or Int), as a BigInt: exact, and only for callers that need the value. */
  int63(): bigint {
    this.step();
    return (BigInt(this.lastHi & 0x7fffffff) << 32n) | BigInt(this.lastLo);
  }

  /** Go's Intn for 0 < n < 2^31 (Int31n: mask for powers of two, else rejection). */
  intn(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > INT32_MAX) throw new RangeError(`intn: bad bound ${n}`);
    if ((n & (n - 1)) === 0) return this.int31() & (n - 1);
    const max = INT32_MAX - (2147483648 % n);
    let v = this.int31();
    while (v > max) v = this.int31();
    return v % n;
  }

  /** Go's unexported int31n (Lemire's multiply-shift), which Shuffle uses. */
  private int31nLemire(n: number): number {
    let prod = BigInt(this.uint32()) * BigInt(n);
    let low = Number(prod & 0xffffffffn);
    if (low < n) {
      const thresh = (2 ** 32 - n) % n;
      while (low < thresh) {
        prod = BigInt(this.uint32()) * BigInt(n);
        low = Number(prod & 0xffffffffn);
      }
    }
    return Number(prod >> 32n);
  }

  /** Go's Perm: a random permutation of 0 .. n-1 (one Intn per element, the first included). */
  perm(n: number): Int32Array {
    const m = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const j = this.intn(i + 1);
      m[i] = m[j]!;
      m[j] = i;
    }
    return m;
  }

  /** Go's Shuffle (Fisher-Yates from the end) for n < 2^31. */
  shuffle(n: number, swap: (i: number, j: number) => void): void {
    for (let i = n - 1; i > 0; i--) swap(i, this.int31nLemire(i + 1));
  }
}
