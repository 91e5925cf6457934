import { rhoCoefficients } from './objective.ts';
import { assignTypes } from './type-assignment.ts';
import type { AllocationProblem, AllocationResult, Policy, PolicyOptions } from './types.ts';
import { emptyStats } from './types.ts';
import { waterfill } from './waterfill.ts';

/**
 * Heterogeneity-aware allocation without an LP: each job runs on one GPU type
 * (`assignTypes`), and each type's time is shared max-min fairly (`waterfill`).
 *
 * With a migration penalty p > 0 a job that already runs on a type moves only when the
 * new type promises at least (1 + p) times its current normalised throughput.
 */
export function createSingleTypePolicy(options: PolicyOptions): Policy {
  const penalty = options.migrationPenalty ?? 0;
  return {
    name: 'single-type',
    allocate: (problem) => allocateSingleType(problem, penalty),
  };
}

export function allocateSingleType(problem: AllocationProblem, penalty = 0): AllocationResult {
  const stats = emptyStats();
  const { capacities, jobs } = problem;
  const c = rhoCoefficients(problem);
  const s = new Float64Array(jobs.length);
  for (let i = 0; i < jobs.length; i++) s[i] = jobs[i]!.scaleFactor;
  const assignment = assignTypes({ c, s, capacities });
  let x = shareWithinTypes(assignment, c, s, capacities);
  if (penalty > 0 && problem.previousAllocation && stick(problem, assignment, c, x, penalty)) {
    x = shareWithinTypes(assignment, c, s, capacities);
  }
  // No LP: the engine's allocation phase already times this call as a whole, and leaving
  // the LP fields at zero keeps the PROFILE line's lp_solve about LPs only.
  return { x, stats };
}

/** Waterfills every type among the jobs assigned to it; returns x (J x K). */
export function shareWithinTypes(
  assignment: Int32Array,
  c: Float64Array,
  s: Float64Array,
  capacities: Float64Array,
): Float64Array {
  const K = capacities.length;
  const J = assignment.length;
  const x = new Float64Array(J * K);
  // Members grouped by type (a counting sort), so each type's c and s are contiguous
  // slices of two buffers instead of arrays built per type.
  const start = new Int32Array(K + 1);
  for (let i = 0; i < J; i++) {
    const k = assignment[i]!;
    if (k >= 0) start[k + 1]!++;
  }
  for (let k = 0; k < K; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, K);
  const member = new Int32Array(start[K]!);
  const memberC = new Float64Array(start[K]!);
  const memberS = new Float64Array(start[K]!);
  for (let i = 0; i < J; i++) {
    const k = assignment[i]!;
    if (k < 0) continue;
    const slot = fill[k]!++;
    member[slot] = i;
    memberC[slot] = c[i * K + k]!;
    memberS[slot] = s[i]!;
  }
  for (let k = 0; k < K; k++) {
    const from = start[k]!;
    const to = start[k + 1]!;
    if (to === from) continue;
    const { y } = waterfill(memberC.subarray(from, to), memberS.subarray(from, to), capacities[k]!);
    for (let m = 0; m < to - from; m++) x[member[from + m]! * K + k] = y[m]!;
  }
  return x;
}

/**
 * Moves back every job whose new type does not beat staying by the factor 1 + penalty.
 * "Staying" is judged in the new round: its cap on the old type, or the level that type
 * would have with the job added back (loads without caps, a slight underestimate), so a
 * job does not cling to a type that has meanwhile filled up. Returns whether anything changed.
 */
function stick(
  problem: AllocationProblem,
  assignment: Int32Array,
  c: Float64Array,
  x: Float64Array,
  penalty: number,
): boolean {
  const { capacities, jobs } = problem;
  const K = capacities.length;
  const load = new Float64Array(K);
  jobs.forEach((job, i) => {
    const k = assignment[i]!;
    if (k >= 0) load[k]! += job.scaleFactor / c[i * K + k]!;
  });
  let changed = false;
  jobs.forEach((job, i) => {
    const prev = problem.previousAllocation?.get(job.id);
    if (!prev) return;
    let current = -1;
    for (let k = 0; k < K; k++) {
      if ((prev[k] ?? 0) > 0 && c[i * K + k]! > 0 && (current < 0 || prev[k]! > prev[current]!)) current = k;
    }
    const next = assignment[i]!;
    if (current < 0 || next === current || next < 0) return;
    const cStay = c[i * K + current]!;
    const stay = Math.min(cStay, capacities[current]! / (load[current]! + job.scaleFactor / cStay));
    const moved = c[i * K + next]! * x[i * K + next]!;
    if (moved < (1 + penalty) * stay) {
      assignment[i] = current;
      load[next]! -= job.scaleFactor / c[i * K + next]!;
      load[current]! += job.scaleFactor / cStay;
      changed = true;
    }
  });
  return changed;
}
