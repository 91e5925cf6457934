import type { BasisInput, Highs, Model } from 'highs';
import { highsRuntime } from './highs.ts';
import { buildMaxMinModel, readAllocation } from './lp-model.ts';
import {
  allocationById,
  configuredModel,
  fallBack,
  OPTIMAL,
  savedBasis,
  solverThrew,
  statusName,
} from './lp-support.ts';
import { rhoCoefficients } from './objective.ts';
import { type ShortcutOutcome, solveAroundPrevious, type Trend } from './penalty-shortcut.ts';
import type { SolverOptions } from './solver-options.ts';
import type { AllocationProblem, AllocationResult, Policy, PolicyOptions } from './types.ts';
import { emptyStats } from './types.ts';
import { carryBasis, type SavedBasis } from './warm-basis.ts';

/**
 * Gavel's max-min fairness (optionally heterogeneity-agnostic, optionally with an L1
 * migration penalty) solved with HiGHS.
 *
 * One HiGHS model instance lives as long as the policy. Every solve after the first
 * carries the previous simplex basis over by job id and re-solves with simplex, which needs
 * only a few pivots when a few jobs came or went (see `chooseAlgorithm` for the cold case).
 * With a migration penalty, a second small model first tries to keep every previous
 * allocation and place only the new jobs, proving the result optimal for the full LP
 * (penalty-shortcut.ts); when that fails, its first solve often tells which way t moves,
 * which orients the carried basis of the full solve (`carryBasis`).
 * Options the user passes win over these choices.
 *
 * `coefficients` and `objective: 'sum'` reuse all of this for Gavel's other linear policies
 * (makespan, sum of throughputs; see linear-policies.ts).
 */
export async function createMaxMinFairnessPolicy(options: MaxMinOptions): Promise<Policy> {
  const highs = await highsRuntime();
  const userOptions = options.solverOptions ?? {};
  const model = configuredModel(highs, userOptions);
  const penalised =
    options.objective !== 'sum' && (options.migrationPenalty ?? 0) > 0 && options.shortcut !== false;
  const small = penalised ? configuredModel(highs, userOptions) : undefined;
  const state: SolverState = {
    highs,
    model,
    small,
    shortcutMisses: 0,
    shortcutSkips: 0,
    saved: undefined,
    last: new Map(),
  };
  const name = options.name ?? (options.agnostic ? 'max-min-fairness-agnostic' : 'max-min-fairness');
  return {
    name,
    heterogeneityAgnostic: options.agnostic,
    allocate: (problem) => allocate(problem, state, options, userOptions),
  };
}

export interface MaxMinOptions extends PolicyOptions {
  agnostic: boolean;
  /**
   * With a migration penalty, first try keeping every previous allocation and solving only
   * the new jobs (see penalty-shortcut.ts); on by default. Off, every call solves the full LP.
   */
  shortcut?: boolean;
  /** Policy name to report; default max-min-fairness(-agnostic). */
  name?: string;
  /** c_ik of the rho rows, row-major J x K; default Gavel's normalised throughput (`rhoCoefficients`). */
  coefficients?: (problem: AllocationProblem) => Float64Array;
  /**
   * 'max-min' (default) maximises min_i sum_k c_ik x_ik; 'sum' maximises sum_ik c_ik x_ik (t fixed
   * at 0, the migration penalty ignored).
   */
  objective?: 'max-min' | 'sum';
}

interface SolverState {
  highs: Highs;
  model: Model;
  /** The model of the penalty shortcut's small LP, when the policy has a penalty. */
  small: Model | undefined;
  /** Shortcut attempts that failed in a row, and calls left to skip it (see `shortcutBackoff`). */
  shortcutMisses: number;
  shortcutSkips: number;
  saved: SavedBasis | undefined;
  /** The last allocation this policy returned, by job id, for the fallback. */
  last: Map<string, Float64Array>;
}

function allocate(
  problem: AllocationProblem,
  state: SolverState,
  options: MaxMinOptions,
  userOptions: SolverOptions,
): AllocationResult {
  const stats = emptyStats();
  const J = problem.jobs.length;
  const K = problem.capacities.length;
  if (J === 0) return { x: new Float64Array(0), stats };
  const { highs, model } = state;
  const ids = problem.jobs.map((job) => job.id);
  const t0 = performance.now();
  // Outside the try: a problem the coefficients refuse (no progress for makespan) is the
  // caller's error, not a solver failure to paper over.
  const c = options.coefficients ? options.coefficients(problem) : rhoCoefficients(problem, options.agnostic);
  const sum = options.objective === 'sum';
  try {
    // Time spent on a shortcut that failed counts as solving.
    let missedSeconds = 0;
    let trend: Trend | undefined;
    if (state.small && (problem.previousAllocation?.size ?? 0) > 0) {
      const outcome = tryShortcut(problem, c, options.migrationPenalty ?? 0, state.highs, state.small, {
        previous: state.saved,
        releaseRounds: shortcutDue(state) ? undefined : 0,
      });
      const kept = outcome.result;
      trend = outcome.trend;
      state.shortcutMisses = kept ? 0 : state.shortcutMisses + 1;
      state.shortcutSkips = shortcutBackoff(state.shortcutMisses);
      if (kept) {
        stats.solveSeconds = kept.solveSeconds;
        stats.buildSeconds = (performance.now() - t0) / 1000 - kept.solveSeconds;
        stats.lpSolves = kept.solveSeconds > 0 ? 1 : 0;
        stats.message = `kept ${kept.keptJobs} allocations in place, solved the other ${kept.solvedJobs} jobs in a small LP (duality gap ${kept.gap.toExponential(1)})`;
        stats.shortcut = { keptJobs: kept.keptJobs, solvedJobs: kept.solvedJobs };
        state.last = allocationById(ids, kept.x, K);
        state.saved = kept.basis;
        return { x: kept.x, stats };
      }
      missedSeconds = (performance.now() - t0) / 1000;
    }
    const built = buildMaxMinModel(problem, {
      c,
      migrationPenalty: sum ? 0 : options.migrationPenalty,
      ...(sum ? { levelCost: 0, columnCost: c } : {}),
      infinity: highs.infinity,
      maximize: highs.constants.objectiveSense.maximize,
    });
    if (built.data.matrix.starts[1] === 0) {
      // No job can run on any type with GPUs: t would be unbounded, and nothing is to be had.
      stats.message = 'no job can run on a GPU type that has GPUs';
      return { x: new Float64Array(J * K), stats };
    }
    model.passModel(built.data);
    const warm = state.saved ? carryBasis(state.saved, ids, built, trend) : undefined;
    if (warm) model.setBasis(warm);
    chooseAlgorithm(
      model,
      {
        warm: warm !== undefined,
        penalised: built.penalised,
        jobs: J,
        capacityBinds: capacityBinds(warm, J, K),
        oversubscribed: oversubscribed(problem),
      },
      userOptions,
    );
    const t1 = performance.now();
    const run = model.run();
    const t2 = performance.now();
    stats.buildSeconds = (t1 - t0) / 1000 - missedSeconds;
    stats.solveSeconds = (t2 - t1) / 1000 + missedSeconds;
    stats.lpSolves = 1;
    if (run.modelStatus !== OPTIMAL)
      return fallBack(problem, state.last, stats, `HiGHS stopped with ${statusName(run.modelStatus)}`);
    const x = readAllocation(built, model.getSolution().colValue, problem);
    state.saved = savedBasis(model, ids, built);
    state.last = allocationById(ids, x, K);
    stats.readSeconds = (performance.now() - t2) / 1000;
    return { x, stats };
  } catch (error) {
    state.saved = undefined;
    return solverThrew(model, problem, state.last, stats, error);
  }
}

/**
 * A failed shortcut costs its small solves (up to 0.03 s at J = 1,700) on top of the full
 * one. One miss is usually an event (the bottleneck job left and t rises); misses in a row
 * mean capacity binds and kept jobs keep moving, so the shortcut is tried ever more rarely:
 * after 1, 2, 3, 4+ misses in a row it skips 0, 1, 3, 7 calls.
 */
function shortcutBackoff(misses: number): number {
  return misses === 0 ? 0 : Math.min(2 ** (misses - 1) - 1, 7);
}

function shortcutDue(state: SolverState): boolean {
  if (state.shortcutSkips === 0) return true;
  state.shortcutSkips--;
  return false;
}

/** The shortcut never decides the outcome on its own failure: the full LP follows. */
function tryShortcut(...args: Parameters<typeof solveAroundPrevious>): ShortcutOutcome {
  try {
    return solveAroundPrevious(...args);
  } catch {
    return { trend: undefined };
  }
}

/**
 * From cold, measured on three families (bench/native-lp.ts): random Alibaba-like problems on the
 * real capacities and on an eighth of them, and the problems the simulator builds at Alibaba scale.
 * HiGHS' own choice (dual simplex) wins the random problems on the real capacities but takes 5-8x
 * longer than primal simplex on the simulator's (J = 780: 1.1 s against 0.15 s; many jobs share a
 * model and several types share a speed, so the LP is very degenerate). Primal simplex is never
 * worse than 2.6x the best method on any family, and best on the simulator's; only when demand
 * exceeds the cluster (sum of scale factors above the GPUs) and J >= 1,000 does interior point
 * win (J = 1,700 at an eighth of the capacities: 0.96 s against 1.8 s). A carried basis makes
 * simplex the only sensible choice. With the penalty, the carried basis is that of x_prev itself
 * (every move at zero, charged in both directions), and which simplex finishes first depends on
 * whether capacity binds. When it does (most capacity rows tight in the carried basis), every job
 * at the level moves each round and dual simplex with Devex pricing needs 5-10x fewer pivots than
 * primal simplex (J = 1,700 at 1/8 of the Alibaba capacities: 0.07 s against 0.39 s).
 * When it does not, few allocations change and primal simplex is the quicker one (0.045 s
 * against 0.065 s at the real capacities). The plain LP's warm re-solves from about 1,000
 * jobs use primal simplex too: at J = 1,700 dual simplex took 1.0-1.4 s on the re-solves
 * where t rises (primal: 0.03-0.06 s) and twice as long as primal with capacity binding
 * (0.08 s against 0.04 s); below that the two are even, dual slightly ahead at J = 500.
 * Whatever the user set explicitly is left alone.
 */
export function chooseAlgorithm(
  model: Model,
  situation: {
    warm: boolean;
    penalised: boolean;
    jobs: number;
    capacityBinds: boolean;
    /** The jobs' scale factors add up to more GPUs than the cluster has. */
    oversubscribed?: boolean;
  },
  userOptions: SolverOptions,
): void {
  const interior = !situation.warm && situation.jobs >= 1000 && situation.oversubscribed === true;
  if (!('solver' in userOptions)) model.options.set('solver', interior ? 'ipm' : 'simplex');
  const penalisedWarm = situation.warm && situation.penalised;
  const dualDevex = penalisedWarm && situation.capacityBinds;
  const primal = penalisedWarm ? !dualDevex : !situation.warm || situation.jobs >= 1000;
  if (!('simplex_strategy' in userOptions)) {
    model.options.set('simplex_strategy', primal ? PRIMAL : DUAL);
  }
  if (!('simplex_dual_edge_weight_strategy' in userOptions)) {
    model.options.set('simplex_dual_edge_weight_strategy', dualDevex ? DEVEX : CHOOSE_EDGE_WEIGHTS);
  }
}

/** True when the jobs' GPUs add up to more than the cluster has. */
function oversubscribed(problem: AllocationProblem): boolean {
  let demand = 0;
  for (const job of problem.jobs) demand += job.scaleFactor;
  let gpus = 0;
  for (let k = 0; k < problem.capacities.length; k++) gpus += problem.capacities[k]!;
  return demand > gpus;
}

/** True when most capacity rows are tight (nonbasic) in a carried basis. */
function capacityBinds(warm: BasisInput | undefined, J: number, K: number): boolean {
  if (!warm) return false;
  let tight = 0;
  for (let k = 0; k < K; k++) if (warm.rowStatus[2 * J + k] !== BASIC) tight++;
  return 2 * tight > K;
}

const BASIC = 1;
/** HiGHS' simplex_strategy values. */
const DUAL = 1;
const PRIMAL = 4;
/** HiGHS' simplex_dual_edge_weight_strategy values (its default is "choose"). */
const CHOOSE_EDGE_WEIGHTS = -1;
const DEVEX = 1;
