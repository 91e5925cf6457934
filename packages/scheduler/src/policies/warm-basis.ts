import type { Basis, BasisInput } from 'highs';
import type { MaxMinModel } from './lp-model.ts';

/**
 * Carries the simplex basis of the last solve over to the next model, matched by job id,
 * so a re-solve after a few arrivals and departures starts next to the old optimum
 * instead of from scratch. Jobs that stayed keep the statuses of their rows and columns,
 * new jobs start from the logical basis (rows basic, columns at zero).
 */
export interface SavedBasis {
  ids: readonly string[];
  model: MaxMinModel;
  basis: Basis;
}

const LOWER = 0;
const BASIC = 1;
const UPPER = 2;

export function carryBasis(
  saved: SavedBasis,
  ids: readonly string[],
  next: MaxMinModel,
): BasisInput | undefined {
  const prev = saved.model;
  const K = next.K;
  if (prev.K !== K) return undefined;
  const { colStatus: oldCols, rowStatus: oldRows } = saved.basis;
  const numCols = next.data.numCols;
  const numRows = next.data.numRows;
  const colStatus = new Int32Array(numCols); // LOWER everywhere
  const rowStatus = new Int32Array(numRows).fill(BASIC);
  const oldIndex = new Map<string, number>();
  for (let i = 0; i < saved.ids.length; i++) oldIndex.set(saved.ids[i]!, i);

  colStatus[0] = oldCols[0]!;
  const J = next.J;
  for (let i = 0; i < J; i++) {
    const o = oldIndex.get(ids[i]!);
    if (o === undefined) continue;
    rowStatus[i] = oldRows[o]!;
    rowStatus[J + i] = oldRows[prev.J + o]!;
    for (let k = 0; k < K; k++) {
      const up = next.upCol[i * K + k]!;
      const oldUp = prev.upCol[o * K + k]!;
      if (up >= 0 && oldUp >= 0) colStatus[up] = oldCols[oldUp]!;
      const down = next.downCol[i * K + k]!;
      const oldDown = prev.downCol[o * K + k]!;
      if (down >= 0 && oldDown >= 0) colStatus[down] = oldCols[oldDown]!;
    }
  }
  for (let k = 0; k < K; k++) rowStatus[2 * J + k] = oldRows[2 * prev.J + k]!;

  sanitiseNonbasic(next, colStatus, rowStatus);
  balanceBasicCount(colStatus, rowStatus);
  return { colStatus, rowStatus };
}

/** A nonbasic variable must sit at a finite bound. */
function sanitiseNonbasic(model: MaxMinModel, colStatus: Int32Array, rowStatus: Int32Array): void {
  const { colUpper, rowLower, rowUpper } = model.data;
  for (let j = 0; j < colStatus.length; j++) {
    if (colStatus[j] === UPPER && !Number.isFinite(colUpper[j]!)) colStatus[j] = LOWER;
    else if (colStatus[j]! > UPPER) colStatus[j] = LOWER;
  }
  for (let r = 0; r < rowStatus.length; r++) {
    const s = rowStatus[r]!;
    if (s === BASIC) continue;
    const lowerFinite = Number.isFinite(rowLower[r]!);
    const upperFinite = Number.isFinite(rowUpper[r]!);
    if (s === LOWER && !lowerFinite) rowStatus[r] = upperFinite ? UPPER : BASIC;
    else if (s === UPPER && !upperFinite) rowStatus[r] = lowerFinite ? LOWER : BASIC;
    else if (s > UPPER) rowStatus[r] = lowerFinite ? LOWER : upperFinite ? UPPER : BASIC;
  }
}

/**
 * A basis has exactly one basic variable per row. Departures can leave too many or too few;
 * surplus basic columns go to zero, a shortfall is filled with row slacks. HiGHS repairs
 * any remaining singularity itself by swapping in slacks.
 */
function balanceBasicCount(colStatus: Int32Array, rowStatus: Int32Array): void {
  let basic = 0;
  for (const s of colStatus) if (s === BASIC) basic++;
  for (const s of rowStatus) if (s === BASIC) basic++;
  const numRows = rowStatus.length;
  for (let j = colStatus.length - 1; basic > numRows && j > 0; j--) {
    if (colStatus[j] === BASIC) {
      colStatus[j] = LOWER;
      basic--;
    }
  }
  for (let r = 0; basic < numRows && r < numRows; r++) {
    if (rowStatus[r] !== BASIC) {
      rowStatus[r] = BASIC;
      basic++;
    }
  }
}
