import type { AllocationProblem } from './types.ts';

/**
 * The dual side of the penalty shortcut (penalty-shortcut.ts): whether keeping the previous
 * allocation of most jobs is optimal for the full penalised LP, proved by a dual solution.
 *
 * Dual of the penalised LP (variables x = p + u - d, see `buildMaxMinModel`), with
 * g_ik = c_ik y_i - z_i - s_i w_k and beta = alpha / J:
 *
 *   minimise  sum_i a_i y_i + sum_i e_i z_i + sum_k f_k w_k
 *             + sum_ik (1 - p_ik) max(0, g_ik - beta) + p_ik max(0, -g_ik - beta)
 *   over      y, z, w >= 0 with sum_i y_i >= 1,
 *
 * where a_i = rho_i(p), e_i = 1 - sum_k p_ik and f_k = n_k - sum_i s_i p_ik. Any such
 * (y, z, w) bounds the primal objective from above, so a gap below the tolerance proves x
 * optimal.
 */

/** The jobs, their previous allocation p and which of them the guess keeps at p. */
export interface Guess {
  problem: AllocationProblem;
  c: Float64Array;
  beta: number;
  allowed: (j: number) => boolean;
  p: Float64Array;
  /** a_i = rho_i(p) of jobs with a previous allocation. */
  a: Float64Array;
  /** Jobs with a previous allocation. */
  kept: Uint8Array;
  /** Jobs that can run somewhere (the others have no rho and no columns). */
  counted: Uint8Array;
  /** Kept jobs moved into the small LP. */
  released: Uint8Array;
  /** n_k minus what every kept job holds. */
  residual: Float64Array;
}

/**
 * Puts the weight `onCap` (what the cap on t carried) on the staying jobs at the level,
 * each within the range of y_i for which staying at p costs nothing in the dual, and sets
 * their z_i. A staying job above the level must take y_i = 0.
 * Undefined when the spread fits; otherwise the staying jobs that cannot stay (to release),
 * none when releasing would not help, and whether the level jobs' penalties leave too little
 * room for the weight: then raising t pays for their moves, and t should rise.
 */
export function spreadOverLevel(
  guess: Guess,
  staying: (i: number) => boolean,
  t: number,
  onCap: number,
  w: Float64Array,
  y: Float64Array,
  z: Float64Array,
): { release: number[]; rises: boolean } | undefined {
  const slack = 1e-9 * Math.max(1, t);
  const level: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  const release: number[] = [];
  let sumLo = 0;
  let room = 0;
  let unbounded = 0;
  for (let i = 0; i < guess.kept.length; i++) {
    if (!staying(i)) continue;
    const range = stayRange(guess, i, w);
    if (!range || (guess.a[i]! > t + slack && range[0] > 0)) {
      release.push(i);
      continue;
    }
    if (guess.a[i]! > t + slack) continue;
    level.push(i);
    lo.push(range[0]);
    hi.push(range[1]);
    sumLo += range[0];
    if (Number.isFinite(range[1])) room += range[1] - range[0];
    else unbounded++;
  }
  const extra = onCap - sumLo;
  const rises = unbounded === 0 && extra > room * (1 + 1e-12) + 1e-15;
  if (release.length > 0) return { release, rises };
  if (extra < -1e-12) return { release: level.filter((_, l) => lo[l]! > 0), rises };
  if (rises) return { release: [], rises };
  const share = room > 0 ? Math.min(1, Math.max(0, extra) / room) : 0;
  const rest = unbounded > 0 ? Math.max(0, extra - room) / unbounded : 0;
  level.forEach((i, l) => {
    y[i] = Number.isFinite(hi[l]!) ? lo[l]! + share * (hi[l]! - lo[l]!) : lo[l]! + rest;
    z[i] = cheapestZ(guess, i, w, y[i]!);
  });
  return undefined;
}

/**
 * The y_i >= 0 for which some z_i >= 0 (z_i = 0 unless the job's time is full) makes every
 * penalty term of job i vanish at x = p:
 *   c_ik y - z <= beta + s w_k   for types it could get more of (p_ik < 1),
 *   c_ik y - z >= s w_k - beta   for types it could give back (p_ik > 0).
 * An interval, as every condition is linear in (y, z); undefined when empty.
 */
function stayRange(guess: Guess, i: number, w: Float64Array): [number, number] | undefined {
  const { c, p, beta } = guess;
  const K = w.length;
  const s = guess.problem.jobs[i]!.scaleFactor;
  const full = isFull(p, i, K);
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  for (let k = 0; k < K; k++) {
    const ck = c[i * K + k]!;
    if (!guess.allowed(i * K + k)) continue;
    const pk = p[i * K + k]!;
    if (pk > 0) lo = Math.max(lo, (s * w[k]! - beta) / ck);
    if (!full && pk < 1) hi = Math.min(hi, (beta + s * w[k]!) / ck);
    if (!full || !(pk > 0)) continue;
    // Full: z must fit between every "more of k2" bound and this "give back k" bound.
    for (let k2 = 0; k2 < K; k2++) {
      if (k2 === k || !guess.allowed(i * K + k2) || !(p[i * K + k2]! < 1)) continue;
      const rhs = 2 * beta + s * (w[k2]! - w[k]!);
      const slope = c[i * K + k2]! - ck;
      if (slope > 0) hi = Math.min(hi, rhs / slope);
      else if (slope < 0) lo = Math.max(lo, rhs / slope);
      else if (rhs < 0) return undefined;
    }
  }
  return lo <= hi * (1 + 1e-12) ? [lo, Math.max(lo, hi)] : undefined;
}

/** The smallest z_i >= 0 with c_ik y - z <= beta + s w_k wherever the job could get more (0 when not full). */
function cheapestZ(guess: Guess, i: number, w: Float64Array, y: number): number {
  const { c, p, beta } = guess;
  const K = w.length;
  if (!isFull(p, i, K)) return 0;
  const s = guess.problem.jobs[i]!.scaleFactor;
  let z = 0;
  for (let k = 0; k < K; k++) {
    if (guess.allowed(i * K + k) && p[i * K + k]! < 1) z = Math.max(z, c[i * K + k]! * y - beta - s * w[k]!);
  }
  return z;
}

function isFull(p: Float64Array, i: number, K: number): boolean {
  let sum = 0;
  for (let k = 0; k < K; k++) sum += p[i * K + k]!;
  return sum >= 1 - 1e-9;
}

/** min_i rho_i(x) - beta sum |x - p| over the model's columns. */
export function primalObjective(guess: Guess, x: Float64Array): number {
  const { c, p, counted } = guess;
  const K = guess.problem.capacities.length;
  let minRho = Number.POSITIVE_INFINITY;
  let moved = 0;
  for (let i = 0; i < counted.length; i++) {
    if (!counted[i]) continue;
    let rho = 0;
    for (let k = 0; k < K; k++) {
      const j = i * K + k;
      if (!guess.allowed(j)) continue;
      rho += c[j]! * x[j]!;
      moved += Math.abs(x[j]! - p[j]!);
    }
    minRho = Math.min(minRho, rho);
  }
  return minRho - guess.beta * moved;
}

/** The dual objective above; infinite unless sum_i y_i >= 1. */
export function dualObjective(guess: Guess, y: Float64Array, z: Float64Array, w: Float64Array): number {
  const { c, p, a, counted, residual, beta } = guess;
  const K = w.length;
  let total = 0;
  let ySum = 0;
  for (let k = 0; k < K; k++) total += residual[k]! * w[k]!;
  for (let i = 0; i < counted.length; i++) {
    if (!counted[i]) continue;
    const s = guess.problem.jobs[i]!.scaleFactor;
    let used = 0;
    for (let k = 0; k < K; k++) {
      const j = i * K + k;
      if (!guess.allowed(j)) continue;
      const g = c[j]! * y[i]! - z[i]! - s * w[k]!;
      total += (1 - p[j]!) * Math.max(0, g - beta) + p[j]! * Math.max(0, -g - beta);
      used += p[j]!;
    }
    total += a[i]! * y[i]! + (1 - used) * z[i]!;
    ySum += y[i]!;
  }
  return ySum >= 1 - 1e-9 ? total : Number.POSITIVE_INFINITY;
}
