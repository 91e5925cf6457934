/**
 * The contract between the engine and every allocation policy.
 *
 * A policy is created once per run (so it may keep state such as a built LP model or the
 * last allocation) and asked for a new allocation whenever the engine's job set changes.
 * Types are addressed by index k into `workerTypes`; jobs by index i into `jobs`.
 */

export interface ProblemJob {
  /** Stable id: the engine uses the job's numeric id as a string; `gpusim solve` uses the file's. */
  id: string;
  /** s_i: GPUs the job needs at once. */
  scaleFactor: number;
  /** w_i: priority weight (1 = normal). */
  priorityWeight: number;
  /** T_ik: steps per second on type k with `scaleFactor` GPUs; 0 means it cannot run there. */
  throughputs: Float64Array;
  /**
   * Steps the job still has to run, and seconds since it arrived (Gavel's `num_steps_remaining` and
   * `times_since_start`). The engine always sets both; policies that need them (finish-time
   * fairness, makespan) refuse a problem without them.
   */
  stepsRemaining?: number;
  timeSinceArrival?: number;
}

export interface AllocationProblem {
  workerTypes: readonly string[];
  /** n_k: GPUs of each type. */
  capacities: Float64Array;
  jobs: readonly ProblemJob[];
  /** x_prev of jobs that were in the previous allocation, keyed by job id (fractions by type index). */
  previousAllocation?: ReadonlyMap<string, Float64Array>;
}

export interface AllocationStats {
  /** Seconds spent building the model, solving it and reading the solution back (LP policies). */
  buildSeconds: number;
  solveSeconds: number;
  readSeconds: number;
  /** Number of LP solves this call made (0 for policies without an LP). */
  lpSolves: number;
  /** True when the solver failed and the previous allocation was reused. */
  fellBack: boolean;
  /** Solver status text, or a warning to log. */
  message?: string;
  /** Set when the migration-penalty shortcut answered: jobs kept in place, jobs its small LP placed. */
  shortcut?: { keptJobs: number; solvedJobs: number };
}

export interface AllocationResult {
  /** x_ik, row-major: x[i * K + k] is the fraction of time job i runs on type k. */
  x: Float64Array;
  stats: AllocationStats;
}

export interface PolicyOptions {
  /** alpha of the L1 migration penalty (max-min-fairness) or the stickiness threshold (single-type). */
  migrationPenalty?: number;
  /** Passed to HiGHS unchanged (`--solver-option key=value`). */
  solverOptions?: Readonly<Record<string, string | number | boolean>>;
  /** Seed for any randomness a policy uses. */
  seed?: number;
}

export interface Policy {
  readonly name: string;
  /**
   * The policy ignores heterogeneity, so the engine shuffles the GPU type order every round, as
   * Gavel does for policies whose name lacks "Perf" (the order decides who gets leftover GPUs).
   */
  readonly heterogeneityAgnostic?: boolean;
  /** Gavel's FIFO rule: a job runs only on types where its allocation is positive (no leftover fill). */
  readonly onlyWhereAllocated?: boolean;
  allocate(problem: AllocationProblem): AllocationResult | Promise<AllocationResult>;
}

export function emptyStats(): AllocationStats {
  return { buildSeconds: 0, solveSeconds: 0, readSeconds: 0, lpSolves: 0, fellBack: false };
}
