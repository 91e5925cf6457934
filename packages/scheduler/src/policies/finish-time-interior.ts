import { type Curvature, FinishTimeNewton, type JobColumns } from './finish-time-kkt.ts';
import { type FinishTimeTerms, throughputsUnder } from './finish-time-terms.ts';
import type { AllocationProblem } from './types.ts';

/**
 * Finish-time fairness as Gavel solves it. Gavel writes the policy in cvxpy
 * (`finish_time_fairness.py`): minimise max_i (t_i + R_i inv_pos(thr_i(x))) / D_i over the J x K
 * matrix x >= 0 with sum_k x_ik <= 1 and sum_i s_i x_ik <= n_k, solved by ECOS. cvxpy writes the max
 * as an epigraph variable tau with one row per job, tau >= c_i + d_i v_i (c_i = t_i / D_i,
 * d_i = R_i / D_i), and inv_pos as a second-order cone that says v_i thr_i >= 1. ECOS, a primal-dual
 * interior-point method, follows that problem's central path and stops when its duality gap is
 * 1e-8 of the objective. The optimum is a face (only the worst job's rho is pinned), and ECOS stops
 * inside it, where its path took it, not at a vertex.
 *
 * This is a primal-dual interior-point method on the same problem with the same central path: the
 * cone v_i thr_i >= 1 as the row g_i = v_i thr_i - 1 >= 0, whose log barrier is the cone's (up to a
 * constant), every other row linear. Each step is Mehrotra's predictor-corrector with ECOS's
 * centring and step rules, its Newton system solved per job (finish-time-kkt.ts); the iterates stay
 * strictly feasible from an equal-share start (not ECOS's least-squares start and homogeneous
 * embedding, so the two reach the face by different paths and stop at different points of it). It
 * stops at ECOS's gap tolerance, keeps its best point should it break down, and returns undefined
 * when even that is not good enough (the caller then solves the policy with HiGHS).
 */
export interface FinishTimeProblem {
  J: number;
  K: number;
  /** T_ik as the policy sees it, row-major J x K. */
  T: Float64Array;
  /** rho_i(x) = c_i + d_i / thr_i(x). */
  c: Float64Array;
  d: Float64Array;
  /** 1 for the jobs that take part; the others get no columns. */
  counted: Uint8Array;
  scale: Float64Array;
  capacities: Float64Array;
}

/** The problem of a call, from its terms: rho_i = (t_i + R_i / thr_i) / D_i = c_i + d_i / thr_i. */
export function finishTimeProblemOf(problem: AllocationProblem, terms: FinishTimeTerms): FinishTimeProblem {
  const J = problem.jobs.length;
  const c = new Float64Array(J);
  const d = new Float64Array(J);
  for (let i = 0; i < J; i++) {
    if (!terms.counted[i]) continue;
    c[i] = terms.elapsed[i]! / terms.denominator[i]!;
    d[i] = terms.remaining[i]! / terms.denominator[i]!;
  }
  return {
    J,
    K: problem.capacities.length,
    T: terms.T,
    c,
    d,
    counted: terms.counted,
    scale: Float64Array.from(problem.jobs, (job) => job.scaleFactor),
    capacities: problem.capacities,
  };
}

export interface InteriorAnswer {
  /** Row-major J x K, strictly inside every constraint. */
  x: Float64Array;
  /** The level reached (an upper bound on max_i rho_i(x)), and the gap to the optimum it certifies. */
  tau: number;
  gap: number;
  iterations: number;
  /** The run broke down and this is its best point, within ECOS's looser tolerances. */
  inaccurate: boolean;
}

export interface InteriorOptions {
  /** Stop when the duality gap is below this fraction of tau and the dual residual below it. */
  tolerance?: number;
  maxIterations?: number;
}

export function solveFinishTimeInterior(
  problem: FinishTimeProblem,
  options: InteriorOptions = {},
): InteriorAnswer | undefined {
  const layout = columnsOf(problem);
  if (layout.jobs === 0 || layout.types === 0) return undefined;
  const method = new PrimalDual(layout);
  const tolerance = options.tolerance ?? 1e-8;
  const iterations = method.run(tolerance, options.maxIterations ?? 80);
  if (iterations < 0) return undefined;
  return {
    x: layout.allocation(method.x),
    tau: method.tau,
    gap: method.gap(),
    iterations,
    inaccurate: method.inaccurate,
  };
}

interface Layout extends JobColumns {
  c: Float64Array;
  capacity: Float64Array;
  allocation(columns: Float64Array): Float64Array;
}

/** One column per (counted job, type with GPUs), job by job; Gavel's matrix has every such x_ik. */
function columnsOf(problem: FinishTimeProblem): Layout {
  const { J, K, capacities } = problem;
  const typeIndex = new Int32Array(K).fill(-1);
  const types: number[] = [];
  for (let k = 0; k < K; k++) if (capacities[k]! > 0) typeIndex[k] = types.push(k) - 1;
  const starts = [0];
  const cells: number[] = [];
  const c: number[] = [];
  const d: number[] = [];
  for (let i = 0; i < J; i++) {
    if (!problem.counted[i]) continue;
    for (let k = 0; k < K; k++) if (typeIndex[k]! >= 0) cells.push(i * K + k);
    starts.push(cells.length);
    c.push(problem.c[i]!);
    d.push(problem.d[i]!);
  }
  const colCell = Int32Array.from(cells);
  return {
    jobs: c.length,
    types: types.length,
    n: cells.length,
    jobStart: Int32Array.from(starts),
    colType: Int32Array.from(cells, (cell) => typeIndex[cell % K]!),
    colT: Float64Array.from(cells, (cell) => problem.T[cell]!),
    colScale: Float64Array.from(cells, (cell) => problem.scale[Math.floor(cell / K)]!),
    c: Float64Array.from(c),
    d: Float64Array.from(d),
    capacity: Float64Array.from(types, (k) => capacities[k]!),
    allocation(columns) {
      const out = new Float64Array(J * K);
      for (let j = 0; j < cells.length; j++) out[colCell[j]!] = columns[j]!;
      return out;
    },
  };
}

/**
 * How far from stationary the last point may be, each entry relative to its terms. With many jobs
 * at the optimal level at once (saturated calls of 400+ jobs), the duals of the full capacity rows
 * come out of the normal equations with a relative error of about 1e-6 while the gap keeps
 * falling, so asking 1e-8 as ECOS does of its own (better scaled) system fails such calls with
 * tau already exact to 10 digits.
 */
const DUAL_TOLERANCE = 1e-5;

/**
 * Tolerances for the best point of a run that broke down: the dual one is ECOS's FTOL_INACC; the
 * gap is held to 1e-6 of max(tau, 1) (ECOS accepts 5e-5) so that the policy stays that close to the
 * optimum.
 */
const INACCURATE_DUAL = 1e-4;
const INACCURATE_GAP = 1e-6;

/** ECOS's step rules (ecos.h): at most 0.999 of the way to the boundary, then scaled by 0.99; sigma >= 1e-4. */
const STEP_MAX = 0.999;
const STEP_SCALE = 0.99;
const SIGMA_MIN = 1e-4;

/**
 * Every row's value g, dual lambda and their changes live in flat arrays, row kinds in this
 * order: the bounds x >= 0 (one per column), then per job the time rows, the epigraph rows and the
 * cone rows, then the capacity rows.
 */
interface RowOffsets {
  time: number;
  epigraph: number;
  cone: number;
  capacity: number;
  total: number;
}

function rowOffsets(layout: Layout): RowOffsets {
  const { n, jobs, types } = layout;
  return {
    time: n,
    epigraph: n + jobs,
    cone: n + 2 * jobs,
    capacity: n + 3 * jobs,
    total: n + 3 * jobs + types,
  };
}

class PrimalDual {
  readonly x: Float64Array;
  readonly v: Float64Array;
  tau = 0;
  private readonly thr: Float64Array;
  private readonly at: RowOffsets;
  /** Row values, duals, the Newton direction's changes in both, and the corrector's shifts. */
  private readonly g: Float64Array;
  private readonly lambda: Float64Array;
  private readonly dg: Float64Array;
  private readonly dLambda: Float64Array;
  private readonly shift: Float64Array;
  /** 1 / g and lambda / g at the point being moved from, and (goal - shift) / g of a direction. */
  private readonly inverseG: Float64Array;
  private readonly curvatureValues: Float64Array;
  private readonly weight: Float64Array;
  private readonly curvature: Curvature;
  private readonly newton: FinishTimeNewton;
  private readonly step: Float64Array;
  private readonly dv: Float64Array;
  private readonly dThr: Float64Array;
  private dTau = 0;
  /** ECOS's D: one per linear row and one per cone. */
  private readonly degree: number;
  private readonly best: { gap: number; tau: number; x: Float64Array; v: Float64Array; lambda: Float64Array };
  /** Set when the answer is the best point of a run that broke down. */
  inaccurate = false;

  constructor(private readonly layout: Layout) {
    const { n, jobs, types } = layout;
    this.x = new Float64Array(n);
    this.v = new Float64Array(jobs);
    this.thr = new Float64Array(jobs);
    this.at = rowOffsets(layout);
    const M = this.at.total;
    this.g = new Float64Array(M);
    this.lambda = new Float64Array(M);
    this.dg = new Float64Array(M);
    this.dLambda = new Float64Array(M);
    this.shift = new Float64Array(M);
    this.weight = new Float64Array(M);
    this.inverseG = new Float64Array(M);
    const cv = new Float64Array(M);
    this.curvatureValues = cv;
    const { at } = this;
    this.curvature = {
      bound: cv.subarray(0, n),
      time: cv.subarray(at.time, at.time + jobs),
      epigraph: cv.subarray(at.epigraph, at.epigraph + jobs),
      hyperbolic: cv.subarray(at.cone, at.cone + jobs),
      capacity: cv.subarray(at.capacity, at.capacity + types),
      v: this.v,
      thr: this.thr,
    };
    this.newton = new FinishTimeNewton(layout);
    this.step = new Float64Array(this.newton.size);
    this.dv = new Float64Array(jobs);
    this.dThr = new Float64Array(jobs);
    this.degree = M;
    this.best = {
      gap: Number.POSITIVE_INFINITY,
      tau: 0,
      x: new Float64Array(n),
      v: new Float64Array(jobs),
      lambda: new Float64Array(M),
    };
  }

  /**
   * Iterations to convergence, or -1. As ECOS does, the best point so far is kept, and when the
   * method breaks down (no step left, a row lost to rounding, the iteration limit) that point
   * stands if it is within ECOS's tolerances for an inaccurate solution.
   */
  run(tolerance: number, maxIterations: number): number {
    this.start();
    for (let iteration = 0; iteration < maxIterations; iteration++) {
      const point = this.measure();
      if (converged(point, this.tau, tolerance)) return iteration;
      this.keepIfBest(point);
      const mu = point.gap / this.degree;
      this.factor();
      // Predictor: the affine direction (target 0), and how far it could go.
      this.shift.fill(0);
      this.direction(0);
      const affine = Math.min(STEP_MAX, this.longestStep());
      // ECOS's centring: sigma = (1 - affine step)^3 within [SIGMA_MIN, 1].
      const sigma = Math.min(1, Math.max(SIGMA_MIN, (1 - affine) ** 3));
      // Corrector: centred at sigma mu, with the affine step's second-order terms.
      this.secondOrderTerms();
      this.direction(sigma * mu);
      const alpha = STEP_SCALE * Math.min(STEP_MAX, this.longestStep());
      if (!(alpha > 0)) return this.fallBackToBest(iteration);
      this.move(alpha);
      if (!this.evaluate()) return this.fallBackToBest(iteration);
    }
    const point = this.measure();
    if (converged(point, this.tau, tolerance)) return maxIterations;
    this.keepIfBest(point);
    return this.fallBackToBest(maxIterations);
  }

  /** The current point's duality gap and dual residual, once per iteration. */
  private measure(): Measure {
    return { gap: this.gap(), residual: this.dualResidual() };
  }

  /** Saves the point when it is the closest yet, by gap, among points within the dual tolerance. */
  private keepIfBest(point: Measure): void {
    const gap = point.gap / Math.max(1, this.tau);
    if (!(gap < this.best.gap) || !(point.residual <= INACCURATE_DUAL)) return;
    this.best.gap = gap;
    this.best.tau = this.tau;
    this.best.x.set(this.x);
    this.best.v.set(this.v);
    this.best.lambda.set(this.lambda);
  }

  private fallBackToBest(iterations: number): number {
    if (!(this.best.gap <= INACCURATE_GAP)) return -1;
    this.x.set(this.best.x);
    this.v.set(this.best.v);
    this.lambda.set(this.best.lambda);
    this.tau = this.best.tau;
    this.evaluate();
    this.inaccurate = true;
    return iterations;
  }

  /**
   * s'z of the conic problem, an upper bound on tau - tau* on the central path. A cone's s'z is
   * twice lambda_h g_h: ECOS centres each cone at s o z = mu e, s'z = mu, which for the row
   * g_h = v thr - 1 (barrier -(1/2) log det of the cone, up to a constant) is lambda_h g_h = mu / 2.
   */
  gap(): number {
    const { g, lambda, at } = this;
    let sum = 0;
    for (let i = 0; i < at.total; i++) sum += lambda[i]! * g[i]!;
    for (let i = at.cone; i < at.capacity; i++) sum += lambda[i]! * g[i]!;
    return sum;
  }

  /**
   * A strictly feasible start: an equal share of every column, scaled to half of each capacity;
   * v_i = 2 / thr_i; tau above the worst c_i + d_i v_i; every dual at its central value for mu
   * set so that the epigraph duals sum to 1, as tau's stationarity asks.
   */
  private start(): void {
    const { layout, x, v, at } = this;
    const used = new Float64Array(layout.types);
    for (let r = 0; r < layout.jobs; r++) {
      const first = layout.jobStart[r]!;
      const last = layout.jobStart[r + 1]!;
      for (let j = first; j < last; j++) {
        x[j] = 0.5 / (last - first);
        used[layout.colType[j]!]! += layout.colScale[j]! * x[j]!;
      }
    }
    for (let j = 0; j < layout.n; j++) {
      const t = layout.colType[j]!;
      x[j]! *= Math.min(1, (0.5 * layout.capacity[t]!) / used[t]!);
    }
    this.throughputs();
    let worst = 0;
    for (let r = 0; r < layout.jobs; r++) {
      v[r] = 2 / this.thr[r]!;
      worst = Math.max(worst, layout.c[r]! + layout.d[r]! * v[r]!);
    }
    this.tau = 2 * worst;
    this.evaluate();
    let inverse = 0;
    for (let i = at.epigraph; i < at.cone; i++) inverse += 1 / this.g[i]!;
    const mu = 1 / inverse;
    for (let i = 0; i < at.total; i++)
      this.lambda[i] = (i >= at.cone && i < at.capacity ? mu / 2 : mu) / this.g[i]!;
  }

  private throughputs(): void {
    // Every job has one column per type, so the columns are a jobs x types matrix.
    this.thr.set(throughputsUnder(this.layout.colT, this.x, this.layout.jobs, this.layout.types));
  }

  /** Row values at the current point; false when one is not positive. */
  private evaluate(): boolean {
    const { layout, x, v, g, at, thr } = this;
    this.throughputs();
    for (let t = 0; t < layout.types; t++) g[at.capacity + t] = layout.capacity[t]!;
    let ok = true;
    for (let r = 0; r < layout.jobs; r++) {
      let share = 0;
      for (let j = layout.jobStart[r]!; j < layout.jobStart[r + 1]!; j++) {
        const value = x[j]!;
        g[j] = value;
        if (!(value > 0)) ok = false;
        share += value;
        g[at.capacity + layout.colType[j]!]! -= layout.colScale[j]! * value;
      }
      const time = 1 - share;
      const epigraph = this.tau - layout.c[r]! - layout.d[r]! * v[r]!;
      const cone = v[r]! * thr[r]! - 1;
      g[at.time + r] = time;
      g[at.epigraph + r] = epigraph;
      g[at.cone + r] = cone;
      if (!(time > 0 && epigraph > 0 && cone > 0 && v[r]! > 0)) ok = false;
    }
    for (let i = at.capacity; i < at.total; i++) if (!(g[i]! > 0)) ok = false;
    return ok;
  }

  /** grad f - sum lambda_j grad g_j, each entry relative to 1 + its largest term; the worst. */
  private dualResidual(): number {
    const { layout, lambda, v, at, thr } = this;
    let sumEpigraph = 0;
    let worst = 0;
    for (let r = 0; r < layout.jobs; r++) {
      const lamE = lambda[at.epigraph + r]!;
      const lamH = lambda[at.cone + r]!;
      const lamT = lambda[at.time + r]!;
      sumEpigraph += lamE;
      const fromEpigraph = lamE * layout.d[r]!;
      const fromCone = lamH * thr[r]!;
      worst = Math.max(worst, Math.abs(fromEpigraph - fromCone) / (1 + Math.max(fromEpigraph, fromCone)));
      for (let j = layout.jobStart[r]!; j < layout.jobStart[r + 1]!; j++) {
        const pull = lambda[j]! + lamH * v[r]! * layout.colT[j]!;
        const push = lamT + layout.colScale[j]! * lambda[at.capacity + layout.colType[j]!]!;
        worst = Math.max(worst, Math.abs(push - pull) / (1 + Math.max(push, pull)));
      }
    }
    return Math.max(worst, Math.abs(1 - sumEpigraph));
  }

  private factor(): void {
    const { curvatureValues, g, lambda, inverseG } = this;
    for (let i = 0; i < g.length; i++) {
      const inverse = 1 / g[i]!;
      inverseG[i] = inverse;
      curvatureValues[i] = lambda[i]! * inverse;
    }
    this.newton.factor(this.curvature);
  }

  /**
   * The Newton direction for complementarity lambda_j g_j = goal_j - shift_j (goal = target, and
   * target / 2 on cone rows). With dlambda_j = w_j - lambda_j - (lambda_j / g_j) dg_j and
   * w_j = (goal_j - shift_j) / g_j eliminated, H dz = -grad f + sum_j w_j grad g_j.
   */
  private direction(target: number): void {
    const { layout, v, thr, shift, step, newton, weight: w, at } = this;
    const { jobStart, colT, colScale, colType, d } = layout;
    const { inverseG } = this;
    for (let i = 0; i < at.cone; i++) w[i] = (target - shift[i]!) * inverseG[i]!;
    for (let i = at.cone; i < at.capacity; i++) w[i] = (target / 2 - shift[i]!) * inverseG[i]!;
    for (let i = at.capacity; i < at.total; i++) w[i] = (target - shift[i]!) * inverseG[i]!;
    let rt = -1;
    for (let r = 0; r < layout.jobs; r++) {
      const wT = w[at.time + r]!;
      const wE = w[at.epigraph + r]!;
      const wH = w[at.cone + r]!;
      rt += wE;
      step[newton.vIndex(r)] = -d[r]! * wE + thr[r]! * wH;
      const vH = v[r]! * wH;
      for (let j = jobStart[r]!; j < jobStart[r + 1]!; j++) {
        step[newton.columnIndex(r, j)] =
          w[j]! - wT + vH * colT[j]! - colScale[j]! * w[at.capacity + colType[j]!]!;
      }
    }
    const dTau = newton.solve(step, rt);
    this.dTau = dTau;
    const { dv, dThr, dg, dLambda, lambda } = this;
    for (let i = at.capacity; i < at.total; i++) dg[i] = 0;
    for (let r = 0; r < layout.jobs; r++) {
      const dvr = step[newton.vIndex(r)]!;
      dv[r] = dvr;
      let share = 0;
      let throughput = 0;
      for (let j = jobStart[r]!; j < jobStart[r + 1]!; j++) {
        const change = step[newton.columnIndex(r, j)]!;
        dg[j] = change;
        share += change;
        throughput += colT[j]! * change;
        dg[at.capacity + colType[j]!]! -= colScale[j]! * change;
      }
      dThr[r] = throughput;
      dg[at.time + r] = -share;
      dg[at.epigraph + r] = dTau - d[r]! * dvr;
      dg[at.cone + r] = v[r]! * throughput + thr[r]! * dvr;
    }
    const curvature = this.curvatureValues;
    for (let i = 0; i < at.capacity; i++) dLambda[i] = w[i]! - lambda[i]! - curvature[i]! * dg[i]!;
    // A full capacity row has g ~ 1e-10 of its terms, so dg / g from the column sums is noise
    // there; (lambda / g) dg is Woodbury's own coefficient, from a well-conditioned K x K system.
    for (let t = 0; t < layout.types; t++) {
      const i = at.capacity + t;
      dLambda[i] = w[i]! - lambda[i]! - newton.capacityTerms[t]!;
    }
  }

  /** The largest alpha in (0, inf) keeping every row and dual positive along the direction. */
  private longestStep(): number {
    const { g, dg, lambda, dLambda, v, dv, dThr, at } = this;
    let alpha = Number.POSITIVE_INFINITY;
    for (let i = 0; i < at.total; i++) {
      const change = dLambda[i]!;
      if (change < 0) {
        const limit = -lambda[i]! / change;
        if (limit < alpha) alpha = limit;
      }
    }
    for (let i = 0; i < at.total; i++) {
      if (i === at.cone) i = at.capacity;
      const change = dg[i]!;
      if (change < 0) {
        const limit = -g[i]! / change;
        if (limit < alpha) alpha = limit;
      }
    }
    // (v + a dv)(thr + a dthr) - 1 = g + a dg + a^2 dv dthr: its first positive root, if any.
    for (let r = 0; r < v.length; r++) {
      const root = firstPositiveRoot(dv[r]! * dThr[r]!, dg[at.cone + r]!, g[at.cone + r]!);
      if (root < alpha) alpha = root;
      if (dv[r]! < 0) alpha = Math.min(alpha, -v[r]! / dv[r]!);
    }
    return alpha;
  }

  /** Mehrotra's terms: dlambda dg of the affine step, and the cone row's own lambda dv dthr. */
  private secondOrderTerms(): void {
    const { shift, dg, dLambda, lambda, dv, dThr, at } = this;
    for (let i = 0; i < at.total; i++) shift[i] = dLambda[i]! * dg[i]!;
    for (let r = 0; r < dv.length; r++) shift[at.cone + r]! += lambda[at.cone + r]! * dv[r]! * dThr[r]!;
  }

  private move(alpha: number): void {
    const { x, v, dg, dv, lambda, dLambda } = this;
    for (let j = 0; j < x.length; j++) x[j]! += alpha * dg[j]!;
    for (let r = 0; r < v.length; r++) v[r]! += alpha * dv[r]!;
    this.tau += alpha * this.dTau;
    for (let i = 0; i < lambda.length; i++) lambda[i]! += alpha * dLambda[i]!;
  }
}

interface Measure {
  gap: number;
  residual: number;
}

/** ECOS's test: gap below the tolerance, absolutely or relative to the objective tau. */
function converged(point: Measure, tau: number, tolerance: number): boolean {
  return (point.gap <= tolerance || point.gap <= tolerance * tau) && point.residual <= DUAL_TOLERANCE;
}

/** The smallest t > 0 with a t^2 + b t + c = 0 (c > 0), or Infinity. */
function firstPositiveRoot(a: number, b: number, c: number): number {
  if (a === 0) return b < 0 ? -c / b : Number.POSITIVE_INFINITY;
  const disc = b * b - 4 * a * c;
  if (disc < 0) return Number.POSITIVE_INFINITY;
  // Stable roots: q = -(b + sign(b) sqrt(disc)) / 2, t = q / a and c / q.
  const q = -0.5 * (b + (b >= 0 ? Math.sqrt(disc) : -Math.sqrt(disc)));
  const first = q / a;
  const second = q !== 0 ? c / q : Number.NaN;
  let root = Number.POSITIVE_INFINITY;
  if (first > 0) root = first;
  if (second > 0 && second < root) root = second;
  return root;
}
