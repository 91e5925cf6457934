/**
 * The Newton system of the interior-point method in finish-time-interior.ts, solved in O(J K^3).
 *
 * The unknowns are each job's columns x_i and its bound v_i (one block per job, v last), and the
 * level tau. Per job, the bounds x >= 0, the time row, the cone row v_i thr_i >= 1 and the v_i part
 * of the epigraph row only touch the job's own block; the epigraph rows add a border in tau and the
 * K capacity rows one rank-one term each. So the matrix is block diagonal plus a border plus rank K:
 * each block is inverted (at most 4 x 4), the capacities are folded in by Woodbury (a K x K system)
 * and tau by its Schur complement, so that a solve is a few small products per job.
 *
 * Near the optimum the tight rows make the matrix ill-conditioned, as in every interior-point
 * method. A block on its own can be nearly singular (a job whose cone row is almost tight has huge
 * rank-one terms beside the tiny curvature of its bounds; only the capacity rows hold the
 * directions between), so a pivot lost to that cancellation is regularised and iterative
 * refinement against the unfactored matrix removes the perturbation, as ECOS does.
 */
export interface JobColumns {
  jobs: number;
  types: number;
  /** Columns x of all jobs; job r owns [jobStart[r], jobStart[r + 1]). */
  n: number;
  jobStart: Int32Array;
  colType: Int32Array;
  colT: Float64Array;
  colScale: Float64Array;
  d: Float64Array;
}

/** lambda / g of every row at the current point, by kind, and the point's v and thr. */
export interface Curvature {
  /** One per column. */
  bound: Float64Array;
  /** One per job each. */
  time: Float64Array;
  epigraph: Float64Array;
  hyperbolic: Float64Array;
  /** One per type. */
  capacity: Float64Array;
  v: Float64Array;
  thr: Float64Array;
}

/** A pivot below this fraction of its diagonal entry is raised to it (ECOS: static 7e-8, scaled). */
const REGULARISATION = 1e-10;
/** ECOS's NITREF, LINSYSACC and IRERRFACT (ecos.h). */
const REFINEMENT_ROUNDS = 9;
const REFINEMENT_ACCURACY = 1e-14;
const REFINEMENT_FACTOR = 6;

export class FinishTimeNewton {
  /** Size of every job's block: one column per type, then v. Job r's block starts at r B. */
  private readonly B: number;
  readonly size: number;
  /** Each block as assembled and its inverse, B x B per job (every job has one column per type). */
  private readonly blocks: Float64Array;
  private readonly inverses: Float64Array;
  /** The tau border (nonzero at each v), its (tau, tau) entry and tau's Schur complement. */
  private readonly border: Float64Array;
  private tauTau = 0;
  private tauPivot = 0;
  /** a_k = lambda / g of capacity row k, and the Cholesky factor of diag(1 / a) + U' Bd^-1 U. */
  private readonly capWeight: Float64Array;
  private readonly capFactor: Float64Array;
  /** H_yy^-1 b and its Woodbury coefficients. */
  private readonly borderSolved: Float64Array;
  private readonly borderCoefficients: Float64Array;
  /** a_k u_k' dy of the last solve, per type (the capacity rows' share of the dual step). */
  readonly capacityTerms: Float64Array;
  private readonly coefficients: Float64Array;
  private readonly residual: Float64Array;
  private readonly correction: Float64Array;
  private readonly scratch: Float64Array;
  private readonly typeSums: Float64Array;

  constructor(private readonly layout: JobColumns) {
    const K = layout.types;
    // Job r's columns are r K .. r K + K - 1, of types 0 .. K - 1 in order (finish-time-interior.ts
    // gives every job a column on every type with GPUs), so the blocks need no offsets of their own.
    for (let r = 0; r <= layout.jobs; r++)
      if (layout.jobStart[r] !== r * K)
        throw new Error('FinishTimeNewton: expected one column per type for every job');
    for (let j = 0; j < layout.n; j++)
      if (layout.colType[j] !== j % K)
        throw new Error("FinishTimeNewton: expected each job's columns in type order");
    const B = K + 1;
    this.B = B;
    this.size = layout.jobs * B;
    this.blocks = new Float64Array(layout.jobs * B * B);
    this.inverses = new Float64Array(layout.jobs * B * B);
    this.border = new Float64Array(this.size);
    this.capWeight = new Float64Array(K);
    this.capFactor = new Float64Array(K * K);
    this.borderSolved = new Float64Array(this.size);
    this.borderCoefficients = new Float64Array(K);
    this.capacityTerms = new Float64Array(K);
    this.coefficients = new Float64Array(K);
    this.residual = new Float64Array(this.size + 1);
    this.correction = new Float64Array(this.size + 1);
    this.scratch = new Float64Array(2 * B * B);
    this.typeSums = new Float64Array(K);
  }

  /** Index of column j (of job r), and of job r's v, in a block vector. */
  columnIndex(r: number, j: number): number {
    return r * this.B + (j - r * this.layout.types);
  }
  vIndex(r: number): number {
    return r * this.B + this.layout.types;
  }

  factor(k: Curvature): void {
    const { layout, blocks, B, border } = this;
    const K = layout.types;
    const capMatrix = this.capFactor;
    capMatrix.fill(0);
    for (let t = 0; t < K; t++) {
      this.capWeight[t] = k.capacity[t]!;
      capMatrix[t * K + t] = 1 / k.capacity[t]!;
    }
    this.tauTau = 0;
    const m = K;
    for (let r = 0; r < layout.jobs; r++) {
      const first = r * K;
      const base = r * B * B;
      const v = k.v[r]!;
      const thr = k.thr[r]!;
      const aH = k.hyperbolic[r]!;
      const aT = k.time[r]!;
      const aE = k.epigraph[r]!;
      const d = layout.d[r]!;
      for (let p = 0; p < m; p++) {
        const Tp = layout.colT[first + p]!;
        for (let q = 0; q <= p; q++) {
          let h = aT + aH * v * v * Tp * layout.colT[first + q]!;
          if (p === q) h += k.bound[first + p]!;
          blocks[base + p * B + q] = h;
          blocks[base + q * B + p] = h;
        }
        // The cone row's (v, x_p) entry, (lambda / g) thr v T_p - lambda T_p, is (lambda / g) T_p
        // because v thr - g = 1: written so, it loses nothing as g -> 0.
        blocks[base + m * B + p] = aH * Tp;
        blocks[base + p * B + m] = aH * Tp;
      }
      blocks[base + m * B + m] = aH * thr * thr + aE * d * d;
      border[this.vIndex(r)] = -aE * d;
      this.tauTau += aE;
      this.invertBlock(r);
      // U' Bd^-1 U: u_k is -s on the job's column of type k.
      const s = layout.colScale[first]!;
      const inv = this.inverses;
      for (let p = 0; p < m; p++)
        for (let q = 0; q < m; q++) capMatrix[p * K + q]! += s * s * inv[base + p * B + q]!;
    }
    choleskyInPlace(capMatrix, K);
    this.borderSolved.set(border);
    this.solveBlocksAndCapacities(this.borderSolved);
    this.borderCoefficients.set(this.coefficients);
    let dot = 0;
    for (let r = 0; r < layout.jobs; r++) dot += border[this.vIndex(r)]! * this.borderSolved[this.vIndex(r)]!;
    this.tauPivot = this.tauTau - dot;
  }

  /**
   * Solves H [dy; dtau] = [ry; rt] in place (ry in `y`) and returns dtau, refining as ECOS does:
   * while the residual is above 1e-14 of the right-hand side and each round cuts it sixfold.
   */
  solve(y: Float64Array, rt: number): number {
    const { residual, correction, size, capacityTerms } = this;
    residual.set(y);
    residual[size] = rt;
    correction.set(residual);
    this.directSolve(correction);
    capacityTerms.set(this.coefficients);
    y.set(correction.subarray(0, size));
    let tau = correction[size]!;
    let previous = Number.POSITIVE_INFINITY;
    for (let round = 0; round < REFINEMENT_ROUNDS; round++) {
      this.multiply(y, tau, correction);
      let worst = 0;
      let scale = 0;
      for (let i = 0; i <= size; i++) {
        const left = residual[i]! - correction[i]!;
        correction[i] = left;
        worst = Math.max(worst, Math.abs(left));
        scale = Math.max(scale, Math.abs(residual[i]!));
      }
      if (!(worst > REFINEMENT_ACCURACY * scale) || !(worst * REFINEMENT_FACTOR < previous)) break;
      previous = worst;
      this.directSolve(correction);
      for (let i = 0; i < size; i++) y[i]! += correction[i]!;
      for (let t = 0; t < capacityTerms.length; t++) capacityTerms[t]! += this.coefficients[t]!;
      tau += correction[size]!;
    }
    return tau;
  }

  /** [w; wt] = H^-1 [w; wt] in place from the factors, tau by its Schur complement. */
  private directSolve(v: Float64Array): void {
    const { size, border, borderSolved, coefficients, borderCoefficients } = this;
    const rt = v[size]!;
    const w = v.subarray(0, size);
    this.solveBlocksAndCapacities(w);
    let dot = 0;
    for (let r = 0; r < this.layout.jobs; r++) dot += border[this.vIndex(r)]! * w[this.vIndex(r)]!;
    const dtau = (rt - dot) / this.tauPivot;
    for (let i = 0; i < size; i++) w[i]! -= borderSolved[i]! * dtau;
    for (let t = 0; t < coefficients.length; t++) coefficients[t]! -= borderCoefficients[t]! * dtau;
    v[size] = dtau;
  }

  /**
   * w = (Bd + U A U')^-1 w in place: Bd^-1 w, then c = C^-1 U' Bd^-1 w and w -= Bd^-1 U c, where
   * job r's part of Bd^-1 U c is -s_r Binv_r (c by column type); c also gives a_k u_k' dy = c_k.
   */
  private solveBlocksAndCapacities(w: Float64Array): void {
    if (this.B === 4) {
      this.solveBlocksAndCapacities3(w);
      return;
    }
    const { layout, B, inverses, scratch, typeSums, coefficients } = this;
    const K = layout.types;
    typeSums.fill(0);
    for (let r = 0, start = 0, base = 0; r < layout.jobs; r++, start += B, base += B * B) {
      for (let p = 0; p < B; p++) {
        let sum = 0;
        for (let q = 0; q < B; q++) sum += inverses[base + p * B + q]! * w[start + q]!;
        scratch[p] = sum;
      }
      const s = layout.colScale[r * K]!;
      for (let p = 0; p < B; p++) {
        w[start + p] = scratch[p]!;
        if (p < K) typeSums[p]! -= s * scratch[p]!;
      }
    }
    coefficients.set(typeSums);
    choleskySolve(this.capFactor, coefficients, K);
    for (let r = 0, start = 0, base = 0; r < layout.jobs; r++, start += B, base += B * B) {
      const s = layout.colScale[r * K]!;
      for (let p = 0; p < B; p++) {
        let sum = 0;
        for (let q = 0; q < K; q++) sum += inverses[base + p * B + q]! * coefficients[q]!;
        w[start + p]! += s * sum;
      }
    }
  }

  /** out = H [y; tau] from the assembled blocks. */
  private multiply(y: Float64Array, tau: number, out: Float64Array): void {
    if (this.B === 4) {
      this.multiply3(y, tau, out);
      return;
    }
    const { layout, blocks, B, border, size, typeSums, capWeight } = this;
    const K = layout.types;
    typeSums.fill(0);
    for (let r = 0, start = 0; r < layout.jobs; r++, start += B) {
      const s = layout.colScale[r * K]!;
      for (let p = 0; p < K; p++) typeSums[p]! -= s * y[start + p]!;
    }
    let tauRow = this.tauTau * tau;
    for (let r = 0, start = 0, base = 0; r < layout.jobs; r++, start += B, base += B * B) {
      const s = layout.colScale[r * K]!;
      for (let p = 0; p < B; p++) {
        let sum = 0;
        for (let q = 0; q < B; q++) sum += blocks[base + p * B + q]! * y[start + q]!;
        if (p < K) sum -= capWeight[p]! * typeSums[p]! * s;
        out[start + p] = sum + border[start + p]! * tau;
      }
      tauRow += border[start + K]! * y[start + K]!;
    }
    out[size] = tauRow;
  }

  /**
   * The same two for three GPU types (Gavel's clusters), written out: each job's block is 4 x 4,
   * its columns are of types 0, 1, 2 in order, and this is where the solver spends its time.
   */
  private solveBlocksAndCapacities3(w: Float64Array): void {
    const { layout, inverses: M, coefficients } = this;
    const scale = layout.colScale;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    for (let r = 0, o = 0, b = 0; r < layout.jobs; r++, o += 4, b += 16) {
      const w0 = w[o]!;
      const w1 = w[o + 1]!;
      const w2 = w[o + 2]!;
      const w3 = w[o + 3]!;
      const u0 = M[b]! * w0 + M[b + 1]! * w1 + M[b + 2]! * w2 + M[b + 3]! * w3;
      const u1 = M[b + 4]! * w0 + M[b + 5]! * w1 + M[b + 6]! * w2 + M[b + 7]! * w3;
      const u2 = M[b + 8]! * w0 + M[b + 9]! * w1 + M[b + 10]! * w2 + M[b + 11]! * w3;
      w[o] = u0;
      w[o + 1] = u1;
      w[o + 2] = u2;
      w[o + 3] = M[b + 12]! * w0 + M[b + 13]! * w1 + M[b + 14]! * w2 + M[b + 15]! * w3;
      const s = scale[3 * r]!;
      t0 -= s * u0;
      t1 -= s * u1;
      t2 -= s * u2;
    }
    coefficients[0] = t0;
    coefficients[1] = t1;
    coefficients[2] = t2;
    choleskySolve(this.capFactor, coefficients, 3);
    const c0 = coefficients[0]!;
    const c1 = coefficients[1]!;
    const c2 = coefficients[2]!;
    for (let r = 0, o = 0, b = 0; r < layout.jobs; r++, o += 4, b += 16) {
      const s = scale[3 * r]!;
      w[o]! += s * (M[b]! * c0 + M[b + 1]! * c1 + M[b + 2]! * c2);
      w[o + 1]! += s * (M[b + 4]! * c0 + M[b + 5]! * c1 + M[b + 6]! * c2);
      w[o + 2]! += s * (M[b + 8]! * c0 + M[b + 9]! * c1 + M[b + 10]! * c2);
      w[o + 3]! += s * (M[b + 12]! * c0 + M[b + 13]! * c1 + M[b + 14]! * c2);
    }
  }

  private multiply3(y: Float64Array, tau: number, out: Float64Array): void {
    const { layout, blocks: H, border, size, capWeight } = this;
    const scale = layout.colScale;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    for (let r = 0, o = 0; r < layout.jobs; r++, o += 4) {
      const s = scale[3 * r]!;
      t0 -= s * y[o]!;
      t1 -= s * y[o + 1]!;
      t2 -= s * y[o + 2]!;
    }
    const k0 = capWeight[0]! * t0;
    const k1 = capWeight[1]! * t1;
    const k2 = capWeight[2]! * t2;
    let tauRow = this.tauTau * tau;
    for (let r = 0, o = 0, b = 0; r < layout.jobs; r++, o += 4, b += 16) {
      const s = scale[3 * r]!;
      const y0 = y[o]!;
      const y1 = y[o + 1]!;
      const y2 = y[o + 2]!;
      const y3 = y[o + 3]!;
      const bv = border[o + 3]!;
      out[o] = H[b]! * y0 + H[b + 1]! * y1 + H[b + 2]! * y2 + H[b + 3]! * y3 - s * k0;
      out[o + 1] = H[b + 4]! * y0 + H[b + 5]! * y1 + H[b + 6]! * y2 + H[b + 7]! * y3 - s * k1;
      out[o + 2] = H[b + 8]! * y0 + H[b + 9]! * y1 + H[b + 10]! * y2 + H[b + 11]! * y3 - s * k2;
      out[o + 3] = H[b + 12]! * y0 + H[b + 13]! * y1 + H[b + 14]! * y2 + H[b + 15]! * y3 + bv * tau;
      tauRow += bv * y3;
    }
    out[size] = tauRow;
  }

  /** Inverts block r (B x B) into `inverses` from a regularised Cholesky factor. */
  private invertBlock(r: number): void {
    if (this.B === 4) {
      invert4(this.blocks, this.inverses, r * 16);
      return;
    }
    const { blocks, inverses, B, scratch } = this;
    const n = B;
    const base = r * B * B;
    const L = scratch;
    const Linv = scratch.subarray(B * B);
    for (let p = 0; p < n; p++) for (let q = 0; q <= p; q++) L[p * B + q] = blocks[base + p * B + q]!;
    for (let p = 0; p < n; p++) {
      let diag = L[p * B + p]!;
      for (let q = 0; q < p; q++) diag -= L[p * B + q]! ** 2;
      const floor = REGULARISATION * blocks[base + p * B + p]!;
      const pivot = Math.sqrt(Math.max(diag, floor));
      L[p * B + p] = pivot;
      for (let i = p + 1; i < n; i++) {
        let sum = L[i * B + p]!;
        for (let q = 0; q < p; q++) sum -= L[i * B + q]! * L[p * B + q]!;
        L[i * B + p] = sum / pivot;
      }
    }
    // L^-1 (lower), then Binv = L^-T L^-1.
    for (let col = 0; col < n; col++) {
      for (let i = 0; i < n; i++) {
        if (i < col) {
          Linv[i * B + col] = 0;
          continue;
        }
        let sum = i === col ? 1 : 0;
        for (let q = col; q < i; q++) sum -= L[i * B + q]! * Linv[q * B + col]!;
        Linv[i * B + col] = sum / L[i * B + i]!;
      }
    }
    for (let p = 0; p < n; p++) {
      for (let q = 0; q <= p; q++) {
        let sum = 0;
        for (let i = p; i < n; i++) sum += Linv[i * B + p]! * Linv[i * B + q]!;
        inverses[base + p * B + q] = sum;
        inverses[base + q * B + p] = sum;
      }
    }
  }
}

function pivot(diag: number, entry: number): number {
  const floor = REGULARISATION * entry;
  return Math.sqrt(Math.max(diag, floor));
}

/** invertBlock for a 4 x 4 block at `b`, written out (same regularised Cholesky, then L^-T L^-1). */
function invert4(H: Float64Array, out: Float64Array, b: number): void {
  const l00 = pivot(H[b]!, H[b]!);
  const l10 = H[b + 4]! / l00;
  const l20 = H[b + 8]! / l00;
  const l30 = H[b + 12]! / l00;
  const l11 = pivot(H[b + 5]! - l10 * l10, H[b + 5]!);
  const l21 = (H[b + 9]! - l20 * l10) / l11;
  const l31 = (H[b + 13]! - l30 * l10) / l11;
  const l22 = pivot(H[b + 10]! - l20 * l20 - l21 * l21, H[b + 10]!);
  const l32 = (H[b + 14]! - l30 * l20 - l31 * l21) / l22;
  const l33 = pivot(H[b + 15]! - l30 * l30 - l31 * l31 - l32 * l32, H[b + 15]!);
  // M = L^-1, lower triangular.
  const m00 = 1 / l00;
  const m11 = 1 / l11;
  const m22 = 1 / l22;
  const m33 = 1 / l33;
  const m10 = -l10 * m00 * m11;
  const m21 = -l21 * m11 * m22;
  const m20 = -(l20 * m00 + l21 * m10) * m22;
  const m32 = -l32 * m22 * m33;
  const m31 = -(l31 * m11 + l32 * m21) * m33;
  const m30 = -(l30 * m00 + l31 * m10 + l32 * m20) * m33;
  // inverse = M' M.
  const i00 = m00 * m00 + m10 * m10 + m20 * m20 + m30 * m30;
  const i10 = m11 * m10 + m21 * m20 + m31 * m30;
  const i20 = m22 * m20 + m32 * m30;
  const i30 = m33 * m30;
  const i11 = m11 * m11 + m21 * m21 + m31 * m31;
  const i21 = m22 * m21 + m32 * m31;
  const i31 = m33 * m31;
  const i22 = m22 * m22 + m32 * m32;
  const i32 = m33 * m32;
  const i33 = m33 * m33;
  out[b] = i00;
  out[b + 1] = i10;
  out[b + 2] = i20;
  out[b + 3] = i30;
  out[b + 4] = i10;
  out[b + 5] = i11;
  out[b + 6] = i21;
  out[b + 7] = i31;
  out[b + 8] = i20;
  out[b + 9] = i21;
  out[b + 10] = i22;
  out[b + 11] = i32;
  out[b + 12] = i30;
  out[b + 13] = i31;
  out[b + 14] = i32;
  out[b + 15] = i33;
}

/** Cholesky of a K x K symmetric positive definite matrix (full storage), lower factor in place. */
function choleskyInPlace(m: Float64Array, K: number): void {
  for (let p = 0; p < K; p++) {
    let diag = m[p * K + p]!;
    for (let q = 0; q < p; q++) diag -= m[p * K + q]! ** 2;
    const pivot = Math.sqrt(diag);
    m[p * K + p] = pivot;
    for (let i = p + 1; i < K; i++) {
      let sum = m[i * K + p]!;
      for (let q = 0; q < p; q++) sum -= m[i * K + q]! * m[p * K + q]!;
      m[i * K + p] = sum / pivot;
    }
  }
}

function choleskySolve(L: Float64Array, b: Float64Array, K: number): void {
  for (let p = 0; p < K; p++) {
    let sum = b[p]!;
    for (let q = 0; q < p; q++) sum -= L[p * K + q]! * b[q]!;
    b[p] = sum / L[p * K + p]!;
  }
  for (let p = K - 1; p >= 0; p--) {
    let sum = b[p]!;
    for (let q = p + 1; q < K; q++) sum -= L[q * K + p]! * b[q]!;
    b[p] = sum / L[p * K + p]!;
  }
}
