/**
 * Max-min fair shares of one GPU type among the jobs assigned to it.
 *
 * Job m on the type gets the fraction y_m in [0, 1] of the time and so the normalised
 * throughput rho_m = c_m y_m, using s_m y_m GPUs. Everyone gets the same level L
 * (y_m = L / c_m) unless their cap y_m = 1 is reached first; L is the largest level the
 * type's GPUs can carry. Sorting by c ascending finds the capped jobs in one pass: the
 * job with the smallest c caps first, so once the job at the front no longer caps, none
 * of the rest does. Exact, O(m log m).
 */
export interface WaterfillResult {
  /** y_m for every member, in the order given. */
  y: Float64Array;
  /** The common level of the uncapped jobs; Infinity when every job is capped (room to spare). */
  level: number;
}

/** `c` and `s` hold the members' coefficients (> 0) and scale factors. */
export function waterfill(c: Float64Array, s: Float64Array, capacity: number): WaterfillResult {
  const count = c.length;
  const y = new Float64Array(count);
  if (count === 0) return { y, level: Number.POSITIVE_INFINITY };
  const order = ascendingOrder(c);

  let remaining = capacity;
  // GPUs the uncapped jobs use per unit of level: sum s_m / c_m.
  let slope = 0;
  for (let m = 0; m < count; m++) slope += s[m]! / c[m]!;
  let front = 0;
  let level = Number.POSITIVE_INFINITY;
  while (front < count) {
    const m = order[front]!;
    const candidate = remaining / slope;
    if (candidate < c[m]!) {
      level = candidate;
      break;
    }
    // This job reaches y = 1 below the level the rest could share: it caps and leaves.
    y[m] = 1;
    remaining -= s[m]!;
    slope -= s[m]! / c[m]!;
    front++;
  }
  for (let f = front; f < count; f++) {
    const m = order[f]!;
    y[m] = Math.min(1, level / c[m]!);
  }
  return { y, level };
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
/** Index bits packed into a key; 12 bits perturb c by at most 2^-40 relative. */
const PACKED_INDEX_BITS = 12;

/**
 * Indices of `c` (positive, finite) in ascending order of c. Sorting an index array with a
 * comparator calls back into JavaScript for every comparison; instead each key is c_m with
 * its index written over the lowest mantissa bits, and the keys go through the native
 * numeric sort of Float64Array. Positive doubles order like their bit patterns, so this
 * sorts by c exactly except among values within 2^-40 of each other, whose order does not
 * matter here (a job that caps a hair late still gets y = min(1, L / c) = 1). Larger types
 * fall back to the comparator.
 */
export function ascendingOrder(c: Float64Array): Uint32Array {
  const count = c.length;
  const order = new Uint32Array(count);
  if (!LITTLE_ENDIAN || count > 1 << PACKED_INDEX_BITS) {
    for (let m = 0; m < count; m++) order[m] = m;
    return order.sort((a, b) => c[a]! - c[b]!);
  }
  const keys = new Float64Array(count);
  const words = new Uint32Array(keys.buffer);
  const mask = (1 << PACKED_INDEX_BITS) - 1;
  for (let m = 0; m < count; m++) {
    keys[m] = c[m]!;
    words[2 * m] = ((words[2 * m]! & ~mask) | m) >>> 0;
  }
  keys.sort();
  for (let m = 0; m < count; m++) order[m] = words[2 * m]! & mask;
  return order;
}
