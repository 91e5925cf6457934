import type { Basis, Highs, Model } from 'highs';
import { buildMaxMinModel, clamp01, columnLayout, type MaxMinModel, readAllocation } from './lp-model.ts';
import { dualObjective, type Guess, primalObjective, spreadOverLevel } from './penalty-certificate.ts';
import type { AllocationProblem } from './types.ts';
import { composeBasis, type SavedBasis } from './warm-basis.ts';

/**
 * The penalised LP's common case without the full solve.
 *
 * Between two reallocations a few jobs arrive and leave; with the migration penalty the
 * other jobs usually stay exactly where they were. Simplex does not know that: the
 * previous optimum leaves most jobs tied at the level t with duals the size of the penalty
 * (alpha / J), and HiGHS spends hundreds to thousands of degenerate pivots among them
 * before it places the newcomers (measured at J = 1,700: 600-2,200 pivots, 2.2x the plain
 * LP's warm re-solve).
 *
 * So first try the guess "jobs that had an allocation keep it": solve the small LP of the
 * new jobs alone on the capacity the kept jobs leave free, with t capped at the lowest rho
 * among the kept jobs, then prove the combined allocation optimal for the full penalised
 * LP by building a dual solution and checking the duality gap. The small LP's duals give
 * the capacity prices w_k and the new jobs' y_i and z_i; the weight left on the cap of t is
 * spread over the kept jobs at the level, each within the range its penalty allows. A kept
 * job the dual cannot hold in place (it holds capacity the new jobs value above its penalty)
 * joins the small LP with its previous allocation, charged for any move, and the guess is
 * tried again, a few rounds at most. The gap check decides, so a wrong guess costs only the
 * small solves (1-10 ms at J = 1,700): the caller then runs the full LP, as when t has to
 * rise or capacity binds so hard that most jobs move. The dual and its check are in
 * penalty-certificate.ts.
 */
export interface ShortcutResult {
  x: Float64Array;
  /** Seconds spent in HiGHS on the small LP (0 when no job was new). */
  solveSeconds: number;
  keptJobs: number;
  /** Jobs the small LP placed: the new ones and any kept job released into it. */
  solvedJobs: number;
  /** Dual objective minus primal objective of the certificate. */
  gap: number;
  /** A basis of the full model at x, for the next full solve to start from. */
  basis: SavedBasis;
}

/**
 * What the caller gets: the answer when the certificate held, and in any case which way t
 * is headed (a full solve orients its carried basis by it, see `carryBasis`).
 */
export interface ShortcutOutcome {
  result?: ShortcutResult;
  trend: Trend | undefined;
}

export type Trend = 'up' | 'down';

/** Relative duality gap accepted as optimal: HiGHS' own optimality tolerances are 1e-7. */
const GAP_TOLERANCE = 1e-7;
const OPTIMAL = 7;

export function solveAroundPrevious(
  problem: AllocationProblem,
  c: Float64Array,
  alpha: number,
  highs: Highs,
  model: Model,
  options: { previous?: SavedBasis; releaseRounds?: number } = {},
): ShortcutOutcome {
  const { capacities, jobs, previousAllocation } = problem;
  const none = { trend: undefined };
  if (!previousAllocation || previousAllocation.size === 0 || !(alpha > 0)) return none;
  const J = jobs.length;
  const K = capacities.length;
  const guess: Guess = {
    problem,
    c,
    beta: alpha / J,
    allowed: (j: number) => c[j]! > 0 && capacities[j % K]! > 0,
    p: new Float64Array(J * K),
    a: new Float64Array(J),
    kept: new Uint8Array(J),
    counted: new Uint8Array(J),
    released: new Uint8Array(J),
    residual: Float64Array.from(capacities),
  };
  // p on the columns the full model has, and which jobs keep it.
  const { p, a, kept, counted, residual } = guess;
  for (let i = 0; i < J; i++) {
    for (let k = 0; k < K; k++) if (guess.allowed(i * K + k)) counted[i] = 1;
    const prev = previousAllocation.get(jobs[i]!.id);
    if (!prev || !counted[i]) continue;
    kept[i] = 1;
    let sum = 0;
    for (let k = 0; k < K; k++) {
      if (!guess.allowed(i * K + k)) continue;
      const v = clamp01(prev[k] ?? 0);
      p[i * K + k] = v;
      sum += v;
      a[i]! += c[i * K + k]! * v;
      residual[k]! -= jobs[i]!.scaleFactor * v;
    }
    if (sum > 1 + 1e-9) return none;
  }
  for (let k = 0; k < K; k++) {
    if (residual[k]! < -1e-9 * Math.max(1, capacities[k]!)) return none;
  }

  // A kept job the certificate cannot hold where it was (it should give capacity to the
  // new jobs) joins the small LP with its previous allocation, charged for any move.
  const maxReleased = Math.max(MIN_RELEASED, Math.ceil(J * RELEASED_SHARE));
  let released = 0;
  let solveSeconds = 0;
  let trend: Trend | undefined;
  const rounds = options.releaseRounds ?? MAX_RELEASE_ROUNDS;
  for (let attempt = 0; attempt <= rounds; attempt++) {
    const outcome = attemptGuess(guess, highs, model);
    solveSeconds += outcome.solveSeconds;
    if (attempt === 0) trend = trendOf(outcome);
    if (outcome.x) {
      let keptJobs = 0;
      let tightJob = -1;
      for (let i = 0; i < J; i++) {
        if (!kept[i] || guess.released[i]) continue;
        keptJobs++;
        if (tightJob < 0 || a[i]! < a[tightJob]!) tightJob = i;
      }
      const full = columnLayout(problem, c, true);
      const ids = jobs.map((job) => job.id);
      const previous = options.previous ? { saved: options.previous, ids } : undefined;
      const basis = composeBasis(full, outcome.free, outcome.small, tightJob, previous);
      const result = {
        x: outcome.x,
        solveSeconds,
        keptJobs,
        solvedJobs: outcome.free.length,
        gap: outcome.gap,
        basis: { ids, model: full, basis },
      };
      return { result, trend };
    }
    if (!outcome.release?.length) break;
    released += outcome.release.length;
    if (released > maxReleased) break;
    for (const i of outcome.release) guess.released[i] = 1;
  }
  return { trend };
}

/**
 * Which way t is headed, from the first small LP: when the new jobs cannot reach the kept
 * jobs' lowest rho on the capacity left to them, t falls; when the level jobs' penalties
 * are too small to hold t at its cap, it rises; otherwise it may well hold, and a basis
 * oriented either way cost more pivots than one left alone (measured at J = 300).
 */
function trendOf(outcome: Attempt): Trend | undefined {
  if (!Number.isFinite(outcome.tCap) || !Number.isFinite(outcome.t)) return undefined;
  if (outcome.t < outcome.tCap - 1e-9 * Math.max(1, outcome.tCap)) return 'down';
  return outcome.rises ? 'up' : undefined;
}

/** Rounds of releasing kept jobs before giving up to the full LP. */
const MAX_RELEASE_ROUNDS = 4;
/** At most this many kept jobs (or this share of J) join the small LP. */
const MIN_RELEASED = 64;
const RELEASED_SHARE = 0.25;

interface Attempt {
  x?: Float64Array;
  /** The small LP's t and its cap (infinite when no job is kept). */
  t: number;
  tCap: number;
  gap: number;
  /** The jobs of the small LP, and its model and basis when it had any. */
  free: number[];
  small?: { model: MaxMinModel; basis: Basis };
  solveSeconds: number;
  /** Kept jobs to move into the small LP before the next attempt. */
  release?: number[];
  /** True when the kept jobs at the level should all move up with t. */
  rises?: boolean;
}

function attemptGuess(guess: Guess, highs: Highs, model: Model): Attempt {
  const { problem, p, a, kept, counted, released } = guess;
  const J = problem.jobs.length;
  const K = problem.capacities.length;
  const staying = (i: number) => kept[i] === 1 && released[i] === 0;
  let tCap = Number.POSITIVE_INFINITY;
  const free: number[] = [];
  const heldByStaying = new Float64Array(K);
  for (let i = 0; i < J; i++) {
    if (staying(i)) {
      tCap = Math.min(tCap, a[i]!);
      const s = problem.jobs[i]!.scaleFactor;
      for (let k = 0; k < K; k++) heldByStaying[k]! += s * p[i * K + k]!;
    } else if (counted[i]) free.push(i);
  }

  const x = Float64Array.from(p);
  const y = new Float64Array(J);
  const z = new Float64Array(J);
  const w = new Float64Array(K);
  let t = tCap;
  let onCap = 1;
  let solveSeconds = 0;
  let smallBasis: Attempt['small'];
  if (free.length > 0) {
    const small = solveFreeJobs(guess, free, heldByStaying, tCap, highs, model);
    if (!small) return { gap: Number.NaN, free, solveSeconds, t: Number.NaN, tCap };
    solveSeconds = small.solveSeconds;
    smallBasis = small.basis;
    t = small.t;
    free.forEach((i, f) => {
      for (let k = 0; k < K; k++) x[i * K + k] = small.x[f * K + k]!;
      y[i] = small.y[f]!;
      z[i] = small.z[f]!;
    });
    w.set(small.w);
    let sum = 0;
    for (const i of free) sum += y[i]!;
    onCap = Number.isFinite(tCap) ? Math.max(0, 1 - sum) : 0;
  }
  const fail = { gap: Number.NaN, free, solveSeconds, t, tCap };
  if (!Number.isFinite(t)) return fail;

  const spread = spreadOverLevel(guess, staying, t, onCap, w, y, z);
  if (spread) return { ...fail, ...spread };

  const primal = primalObjective(guess, x);
  const dual = dualObjective(guess, y, z, w);
  const gap = dual - primal;
  if (!(gap <= GAP_TOLERANCE * Math.max(1, Math.abs(primal)))) return fail;
  return { x, gap, free, solveSeconds, small: smallBasis, t, tCap };
}

interface SmallSolution {
  x: Float64Array;
  t: number;
  y: Float64Array;
  z: Float64Array;
  w: Float64Array;
  solveSeconds: number;
  /** The small LP's optimal basis (undefined if HiGHS has no valid one). */
  basis?: { model: MaxMinModel; basis: Basis };
}

/**
 * The LP of the jobs not kept in place (new ones, and released ones charged for moving
 * from p), on the capacity the staying jobs leave, t capped at the staying jobs' lowest rho.
 */
function solveFreeJobs(
  guess: Guess,
  free: readonly number[],
  heldByStaying: Float64Array,
  tCap: number,
  highs: Highs,
  model: Model,
): SmallSolution | undefined {
  const { problem, c, p, released } = guess;
  const K = problem.capacities.length;
  const F = free.length;
  const previous = new Map<string, Float64Array>();
  for (const i of free) if (released[i]) previous.set(problem.jobs[i]!.id, p.subarray(i * K, i * K + K));
  const sub: AllocationProblem = {
    workerTypes: problem.workerTypes,
    capacities: problem.capacities,
    jobs: free.map((i) => problem.jobs[i]!),
    previousAllocation: previous,
  };
  const subC = new Float64Array(F * K);
  for (let f = 0; f < F; f++) subC.set(c.subarray(free[f]! * K, free[f]! * K + K), f * K);
  // Columns as in the full model (by the real capacities), rows on what the staying jobs leave.
  const built = buildMaxMinModel(sub, {
    c: subC,
    penaltyPerUnit: guess.beta,
    infinity: highs.infinity,
    maximize: highs.constants.objectiveSense.maximize,
  });
  const rowUpper = built.data.rowUpper as Float64Array;
  for (let k = 0; k < K; k++) rowUpper[2 * F + k]! -= heldByStaying[k]!;
  if (Number.isFinite(tCap)) (built.data.colUpper as Float64Array)[0] = tCap;
  model.passModel(built.data);
  const t0 = performance.now();
  const run = model.run();
  const solveSeconds = (performance.now() - t0) / 1000;
  if (run.modelStatus !== OPTIMAL) return undefined;
  const solution = model.getSolution();
  const left = problem.capacities.map((n, k) => Math.max(0, n - heldByStaying[k]!));
  const x = readAllocation(built, solution.colValue, { ...sub, capacities: left });
  // Sign conventions differ by row sense; the certificate needs the non-negative multipliers.
  const y = new Float64Array(F);
  const z = new Float64Array(F);
  const w = new Float64Array(K);
  for (let f = 0; f < F; f++) {
    y[f] = Math.abs(solution.rowDual[f]!);
    z[f] = Math.abs(solution.rowDual[F + f]!);
  }
  for (let k = 0; k < K; k++) w[k] = Math.abs(solution.rowDual[2 * F + k]!);
  const basis =
    Number(model.info.get('basis_validity')) === 1 ? { model: built, basis: model.getBasis() } : undefined;
  return { x, t: solution.colValue[0]!, y, z, w, solveSeconds, basis };
}
