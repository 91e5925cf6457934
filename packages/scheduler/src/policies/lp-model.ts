import type { ModelData } from 'highs';
import type { AllocationProblem } from './types.ts';

/**
 * The max-min fairness LP as sparse column-wise (CSC) arrays for HiGHS, built in O(nnz):
 *
 *   maximize   t - (alpha / J) sum_ik |x_ik - xprev_ik|
 *   subject to sum_k c_ik x_ik - w_i t >= b_i (rho row of job i; w_i = 1 and b_i = 0 unless
 *                                            `levelWeights` and `levelOffsets`)
 *              sum_k x_ik          <= 1      (time row of job i)
 *              sum_i s_i x_ik      <= n_k    (capacity row of type k)
 *              x >= 0
 *
 * The L1 penalty needs no extra rows: each x_ik with a previous value is split as
 * xprev + up - down with up in [0, 1 - xprev] and down in [0, xprev], both charged alpha / J.
 * At an optimum at most one of the pair is positive, so up + down = |x - xprev|. Jobs without
 * a previous value (and every job when alpha = 0) keep a single column x_ik = up.
 *
 * Rows: 0..J-1 rho rows, J..2J-1 time rows, 2J..2J+K-1 capacity rows. Column 0 is t, then each
 * job's columns in job order.
 *
 * The same shape serves Gavel's other LP policies: makespan is max-min over c_ik = T_ik / R_i,
 * each step of finish-time fairness's fractional iteration is max-min with offsets b_i, and the
 * sum of throughputs is the objective `columnCost` with t fixed at 0 (`levelCost: 0`). Sharing the
 * layout is what lets one carried basis (warm-basis.ts) serve all of them.
 */
export interface MaxMinModel extends ColumnLayout {
  data: ModelData;
  /** True when the model carries the migration penalty. */
  penalised: boolean;
}

export interface ModelOptions {
  /** c_ik from `rhoCoefficients`, row-major J x K. */
  c: Float64Array;
  /** alpha of the migration penalty; 0 or undefined for none. */
  migrationPenalty?: number;
  /**
   * Cost per unit of change, charged on every column whatever the previous allocation;
   * replaces alpha / J. For sub-problems of a larger penalised LP, whose J is not this one.
   */
  penaltyPerUnit?: number;
  /** b_i of each rho row (J entries); 0 for every job when absent. */
  levelOffsets?: Float64Array;
  /**
   * w_i, the coefficient of -t in each rho row (J entries, > 0); 1 for every job when absent.
   * Column t holds them first, in job order over the jobs with columns, so a caller can change
   * them in place (finish-time fairness moves only w and b between its LPs).
   */
  levelWeights?: Float64Array;
  /**
   * Objective weight of t (default 1). With 0, t is fixed at 0 and the rho rows only keep the
   * layout (the sum-of-throughputs LP).
   */
  levelCost?: number;
  /** Extra objective weight of each x_ik, row-major J x K (the sum-of-throughputs LP). */
  columnCost?: Float64Array;
  /** HiGHS' infinity and maximize constant (from the loaded runtime). */
  infinity: number;
  maximize: ModelData['sense'];
}

export function buildMaxMinModel(problem: AllocationProblem, options: ModelOptions): MaxMinModel {
  const { capacities, jobs, previousAllocation } = problem;
  const { c, infinity } = options;
  const J = jobs.length;
  const K = capacities.length;
  const alpha = options.migrationPenalty ?? 0;
  const penalised =
    options.penaltyPerUnit !== undefined ||
    (alpha > 0 && previousAllocation !== undefined && previousAllocation.size > 0);

  const layout = columnLayout(problem, c, penalised);
  const { upCol, downCol, base, counts, numCols } = layout;
  let countingJobs = 0;
  for (let i = 0; i < J; i++) countingJobs += counts[i]!;

  const numRows = 2 * J + K;
  const nnz = countingJobs + 3 * (numCols - 1);
  const starts = new Int32Array(numCols + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  const rowLower = new Float64Array(numRows).fill(-infinity);
  const rowUpper = new Float64Array(numRows).fill(infinity);
  const penalty = options.penaltyPerUnit ?? (penalised ? alpha / J : 0);

  // Column t: -1 in the rho row of every job that can run somewhere.
  let p = 0;
  const levelCost = options.levelCost ?? 1;
  colCost[0] = levelCost;
  colUpper[0] = levelCost === 0 ? 0 : infinity;
  const offsets = options.levelOffsets;
  const weights = options.levelWeights;
  for (let i = 0; i < J; i++) {
    if (!counts[i]) continue;
    indices[p] = i;
    values[p++] = weights ? -weights[i]! : -1;
    rowLower[i] = offsets ? offsets[i]! : 0;
  }
  const columnCost = options.columnCost;
  for (let i = 0; i < J; i++) rowUpper[J + i] = 1;
  for (let k = 0; k < K; k++) rowUpper[2 * J + k] = capacities[k]!;

  for (let i = 0; i < J; i++) {
    const s = jobs[i]!.scaleFactor;
    for (let k = 0; k < K; k++) {
      const up = upCol[i * K + k]!;
      if (up < 0) continue;
      const cik = c[i * K + k]!;
      const b = base[i * K + k]!;
      // The constant xprev moves to the right-hand sides.
      rowLower[i]! -= cik * b;
      rowUpper[J + i]! -= b;
      rowUpper[2 * J + k]! -= s * b;
      const gain = columnCost ? columnCost[i * K + k]! : 0;
      starts[up] = p;
      colCost[up] = gain - penalty;
      colUpper[up] = 1 - b;
      p = writeEntries(indices, values, p, i, J + i, 2 * J + k, cik, 1, s);
      const down = downCol[i * K + k]!;
      if (down >= 0) {
        starts[down] = p;
        colCost[down] = -gain - penalty;
        colUpper[down] = b;
        p = writeEntries(indices, values, p, i, J + i, 2 * J + k, -cik, -1, -s);
      }
    }
  }
  starts[numCols] = p;

  return {
    data: {
      numCols,
      numRows,
      sense: options.maximize,
      colCost,
      colLower,
      colUpper,
      rowLower,
      rowUpper,
      matrix: { format: 'csc', numRows, numCols, starts, indices, values },
    },
    ...layout,
    penalised,
  };
}

/** Where each job's columns go; see `buildMaxMinModel`. */
export interface ColumnLayout {
  J: number;
  K: number;
  /** Column of x_ik's "up" part (or the plain x_ik), -1 when the job cannot use type k. */
  upCol: Int32Array;
  /** Column of x_ik's "down" part, -1 when there is none. */
  downCol: Int32Array;
  /** The constant xprev_ik folded into the model (0 without a penalty). */
  base: Float64Array;
  /** 1 for jobs with at least one column (they have a rho row with t in it). */
  counts: Uint8Array;
  numCols: number;
}

/**
 * The columns of the model without the model: x_ik exists where c_ik > 0 and n_k > 0, split
 * in two where a penalised model has a previous value. Also lets a basis be written for a
 * model that was never built (see warm-basis.ts).
 */
export function columnLayout(problem: AllocationProblem, c: Float64Array, penalised: boolean): ColumnLayout {
  const { capacities, jobs, previousAllocation } = problem;
  const J = jobs.length;
  const K = capacities.length;
  const upCol = new Int32Array(J * K).fill(-1);
  const downCol = new Int32Array(J * K).fill(-1);
  const base = new Float64Array(J * K);
  const counts = new Uint8Array(J);
  let numCols = 1;
  for (let i = 0; i < J; i++) {
    const prev = penalised ? previousAllocation?.get(jobs[i]!.id) : undefined;
    for (let k = 0; k < K; k++) {
      if (!(c[i * K + k]! > 0 && capacities[k]! > 0)) continue;
      upCol[i * K + k] = numCols++;
      counts[i] = 1;
      const p = prev ? clamp01(prev[k] ?? 0) : 0;
      if (p > 0) {
        base[i * K + k] = p;
        downCol[i * K + k] = numCols++;
      }
    }
  }
  return { J, K, upCol, downCol, base, counts, numCols };
}

function writeEntries(
  indices: Int32Array,
  values: Float64Array,
  p: number,
  rhoRow: number,
  timeRow: number,
  capacityRow: number,
  rho: number,
  time: number,
  capacity: number,
): number {
  indices[p] = rhoRow;
  values[p++] = rho;
  indices[p] = timeRow;
  values[p++] = time;
  indices[p] = capacityRow;
  values[p++] = capacity;
  return p;
}

/**
 * x_ik = xprev + up - down from the solver's column values, then made exactly feasible:
 * interior-point answers sit within ~1e-8 of the bounds on either side, and callers
 * (the engine's placement, the property tests) rely on the hard constraints.
 */
export function readAllocation(
  model: MaxMinModel,
  colValue: Float64Array,
  problem: AllocationProblem,
): Float64Array {
  const { J, K, upCol, downCol, base } = model;
  const x = new Float64Array(J * K);
  for (let j = 0; j < J * K; j++) {
    const up = upCol[j]!;
    if (up < 0) continue;
    const down = downCol[j]!;
    x[j] = clamp01(base[j]! + colValue[up]! - (down >= 0 ? colValue[down]! : 0));
  }
  return repairFeasibility(x, problem);
}

/** Scales down any job row above 1 and any type column above its capacity (in place). */
export function repairFeasibility(x: Float64Array, problem: AllocationProblem): Float64Array {
  const { capacities, jobs } = problem;
  const K = capacities.length;
  const J = jobs.length;
  for (let i = 0; i < J; i++) {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += x[i * K + k]!;
    if (sum > 1) for (let k = 0; k < K; k++) x[i * K + k]! /= sum;
  }
  for (let k = 0; k < K; k++) {
    let used = 0;
    for (let i = 0; i < J; i++) used += jobs[i]!.scaleFactor * x[i * K + k]!;
    const cap = capacities[k]!;
    if (used > cap) {
      const factor = cap / used;
      for (let i = 0; i < J; i++) x[i * K + k]! *= factor;
    }
  }
  return x;
}

/** v clamped to [0, 1]: a fraction of time from outside (x_prev) as the model reads it. */
export function clamp01(v: number): number {
  return v > 0 ? Math.min(v, 1) : 0;
}
