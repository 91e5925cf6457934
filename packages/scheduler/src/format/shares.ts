/**
 * The FRAC section: fractional GPU occupancy, for runs where pods share GPUs. Everything about
 * it lives here (recording, bytes, validation, lookup) so the rest of the format only hooks it in.
 *
 * Per GPU that is ever shared, run-length intervals like ALOC's: from round `start` until the next
 * interval of the GPU, it is held by the listed owners with their milli-GPU (the set may be empty:
 * no longer shared). GPUs never shared have no intervals; for them, and for rounds before a GPU's
 * first interval, ALOC alone says who holds the GPU. Payload, little-endian, version 1:
 *
 *   u32 sectionVersion (1), u32 gpuCount G, u32 intervalCount N, u32 entryCount E,
 *   u32 gpuOffsets[G + 1], u32 start[N], u32 entryOffsets[N + 1], i32 owner[E], u16 milli[E]
 */
import { lastAtOrBefore } from './search.ts';

export const TAG_SHARES = 'FRAC';
export const SHARES_VERSION = 1;
export const SHARES_SECTION_NAME = 'FRAC section (fractional GPU occupancy)';
const MILLI = 1000;

/** The decoded section, as plain typed arrays (postMessage-able). */
export interface ShareData {
  version: number;
  gpuOffsets: Uint32Array;
  start: Uint32Array;
  entryOffsets: Uint32Array;
  owner: Int32Array;
  milli: Uint16Array;
}

/** The shared GPUs of one round: for each, its owners and their milli-GPU (CSR). */
export interface RoundShares {
  gpus: Uint32Array;
  /** Owners of gpus[i] are owner[offsets[i] .. offsets[i + 1] - 1]. */
  offsets: Uint32Array;
  owner: Int32Array;
  milli: Uint16Array;
}

/** One round's input to the recorder: GPU id -> [owner, milli][] for every GPU held by several owners or by a fraction. */
export type ShareInput = ReadonlyMap<number, readonly (readonly [owner: number, milli: number])[]>;

export class SharesRecorder {
  #last = new Map<number, string>();
  #intervals: { gpu: number; start: number; owners: number[]; milli: number[] }[] = [];
  maxOwner = -1;

  constructor(readonly gpuCount: number) {}

  /** Records round `round`'s shared GPUs; GPUs absent from `shares` are not shared that round. */
  record(round: number, shares: ShareInput): void {
    for (const [gpu, entries] of shares) {
      if (!Number.isInteger(gpu) || gpu < 0 || gpu >= this.gpuCount)
        throw new RangeError(`recordRound: shares name GPU ${gpu}, expected 0..${this.gpuCount - 1}`);
      let total = 0;
      for (const [owner, milli] of entries) {
        if (!Number.isInteger(owner) || owner < 0)
          throw new RangeError(`recordRound: GPU ${gpu} owner ${owner}, expected a job index`);
        if (!Number.isInteger(milli) || milli < 1 || milli > MILLI)
          throw new RangeError(`recordRound: GPU ${gpu} milli ${milli}, expected 1..1000`);
        total += milli;
        if (owner > this.maxOwner) this.maxOwner = owner;
      }
      if (total > MILLI)
        throw new RangeError(`recordRound: GPU ${gpu} holds ${total} milli-GPU, more than 1000`);
      const key = entries.map(([owner, milli]) => `${owner}:${milli}`).join(',');
      if (this.#last.get(gpu) === key) continue;
      this.#last.set(gpu, key);
      this.#intervals.push({
        gpu,
        start: round,
        owners: entries.map((e) => e[0]),
        milli: entries.map((e) => e[1]),
      });
    }
    for (const [gpu, key] of this.#last) {
      if (key === '' || shares.has(gpu)) continue;
      this.#last.set(gpu, '');
      this.#intervals.push({ gpu, start: round, owners: [], milli: [] });
    }
  }

  get empty(): boolean {
    return this.#intervals.length === 0;
  }

  /** Payload bytes (unpadded). */
  byteLength(): number {
    const n = this.#intervals.length;
    const e = this.#intervals.reduce((sum, interval) => sum + interval.owners.length, 0);
    return 16 + (this.gpuCount + 1) * 4 + n * 4 + (n + 1) * 4 + e * 4 + e * 2;
  }

  /** Writes the payload at `at` of `bytes` (a 4-byte aligned offset). */
  write(bytes: Uint8Array, at: number): void {
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    // Stable sort by GPU keeps each GPU's intervals in round order.
    const intervals = [...this.#intervals].sort((a, b) => a.gpu - b.gpu);
    const n = intervals.length;
    const e = intervals.reduce((sum, interval) => sum + interval.owners.length, 0);
    view.setUint32(at, SHARES_VERSION, true);
    view.setUint32(at + 4, this.gpuCount, true);
    view.setUint32(at + 8, n, true);
    view.setUint32(at + 12, e, true);
    let p = at + 16;
    const gpuOffsets = new Uint32Array(this.gpuCount + 1);
    for (const interval of intervals) gpuOffsets[interval.gpu + 1]!++;
    for (let g = 0; g < this.gpuCount; g++) gpuOffsets[g + 1]! += gpuOffsets[g]!;
    const u32 = (value: number) => {
      view.setUint32(p, value, true);
      p += 4;
    };
    for (const value of gpuOffsets) u32(value);
    for (const interval of intervals) u32(interval.start);
    let entries = 0;
    u32(0);
    for (const interval of intervals) {
      entries += interval.owners.length;
      u32(entries);
    }
    for (const interval of intervals)
      for (const owner of interval.owners) {
        view.setInt32(p, owner, true);
        p += 4;
      }
    for (const interval of intervals)
      for (const milli of interval.milli) {
        view.setUint16(p, milli, true);
        p += 2;
      }
  }
}

/** Decodes and validates a FRAC payload; `fail(offset, problem, expected, got)` throws. */
export function decodeShares(
  bytes: Uint8Array,
  at: number,
  size: number,
  gpuCount: number,
  roundCount: number,
  jobCount: number,
  fail: (offset: number, problem: string, expected: string, got: string) => never,
): ShareData {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  if (size < 16) fail(at + size, 'section too short for the counts', 'at least 16 bytes', `${size}`);
  const version = view.getUint32(at, true);
  if (version !== SHARES_VERSION)
    fail(at, 'unsupported section version', `version ${SHARES_VERSION}`, `${version}`);
  const g = view.getUint32(at + 4, true);
  if (g !== gpuCount) fail(at + 4, 'GPU count differs from the nodes in CONF', `${gpuCount}`, `${g}`);
  const n = view.getUint32(at + 8, true);
  const e = view.getUint32(at + 12, true);
  const needed = 16 + (g + 1) * 4 + n * 4 + (n + 1) * 4 + e * 6;
  if (size < needed) fail(at + size, `section too short for ${n} intervals`, `${needed} bytes`, `${size}`);
  // Copies: the payload's u16 tail may leave later columns unaligned in the file.
  let p = at + 16;
  const take32 = (count: number) => {
    const out = new Uint32Array(count);
    for (let i = 0; i < count; i++, p += 4) out[i] = view.getUint32(p, true);
    return out;
  };
  const gpuOffsets = take32(g + 1);
  const start = take32(n);
  const entryOffsets = take32(n + 1);
  const owner = new Int32Array(e);
  for (let i = 0; i < e; i++, p += 4) owner[i] = view.getInt32(p, true);
  const milli = new Uint16Array(e);
  for (let i = 0; i < e; i++, p += 2) milli[i] = view.getUint16(p, true);
  if (gpuOffsets[0] !== 0 || gpuOffsets[g] !== n)
    fail(at + 16, 'bad GPU offsets', `0 .. ${n}`, `${gpuOffsets[0]} .. ${gpuOffsets[g]}`);
  for (let gpu = 0; gpu < g; gpu++) {
    if (gpuOffsets[gpu + 1]! < gpuOffsets[gpu]!)
      fail(at + 16 + gpu * 4, 'GPU offsets not monotone', 'increasing', `${gpuOffsets[gpu + 1]}`);
    for (let i = gpuOffsets[gpu]!; i < gpuOffsets[gpu + 1]!; i++) {
      if (start[i]! >= roundCount || (i > gpuOffsets[gpu]! && start[i]! <= start[i - 1]!))
        fail(at, `bad interval start for GPU ${gpu}`, `increasing rounds below ${roundCount}`, `${start[i]}`);
    }
  }
  if (entryOffsets[0] !== 0 || entryOffsets[n] !== e)
    fail(at, 'bad entry offsets', `0 .. ${e}`, `${entryOffsets[n]}`);
  for (let i = 0; i < n; i++) {
    let total = 0;
    if (entryOffsets[i + 1]! < entryOffsets[i]!)
      fail(at, 'entry offsets not monotone', 'increasing', `${entryOffsets[i + 1]}`);
    for (let k = entryOffsets[i]!; k < entryOffsets[i + 1]!; k++) {
      if (owner[k]! < 0 || owner[k]! >= jobCount)
        fail(at, 'bad owner', `a job index below ${jobCount}`, `${owner[k]}`);
      if (milli[k]! < 1 || milli[k]! > MILLI) fail(at, 'bad milli-GPU', '1..1000', `${milli[k]}`);
      total += milli[k]!;
    }
    if (total > MILLI) fail(at, `interval ${i} overbooks its GPU`, 'at most 1000 milli-GPU', `${total}`);
  }
  return { version, gpuOffsets, start, entryOffsets, owner, milli };
}

/** The interval of GPU `gpu` in force at `round`, or -1 (binary search over its starts). */
export function shareIntervalAt(data: ShareData, gpu: number, round: number): number {
  const from = data.gpuOffsets[gpu]!;
  const to = data.gpuOffsets[gpu + 1]! - 1;
  if (to < from || data.start[from]! > round) return -1;
  return lastAtOrBefore(data.start, round, from, to);
}

/** GPUs that are ever shared, in id order (the ones with intervals). */
export function sharedGpuIds(data: ShareData): Uint32Array {
  const out: number[] = [];
  for (let g = 0; g + 1 < data.gpuOffsets.length; g++)
    if (data.gpuOffsets[g + 1]! > data.gpuOffsets[g]!) out.push(g);
  return Uint32Array.from(out);
}

/** Every GPU shared at `round` with its owners (O(shared GPUs x log intervals)). */
export function sharesAt(
  data: ShareData,
  round: number,
  candidates: Uint32Array = sharedGpuIds(data),
): RoundShares {
  const gpus: number[] = [];
  const offsets: number[] = [0];
  const owner: number[] = [];
  const milli: number[] = [];
  for (const gpu of candidates) {
    const i = shareIntervalAt(data, gpu, round);
    if (i < 0 || data.entryOffsets[i + 1] === data.entryOffsets[i]) continue;
    gpus.push(gpu);
    for (let k = data.entryOffsets[i]!; k < data.entryOffsets[i + 1]!; k++) {
      owner.push(data.owner[k]!);
      milli.push(data.milli[k]!);
    }
    offsets.push(owner.length);
  }
  return {
    gpus: Uint32Array.from(gpus),
    offsets: Uint32Array.from(offsets),
    owner: Int32Array.from(owner),
    milli: Uint16Array.from(milli),
  };
}
