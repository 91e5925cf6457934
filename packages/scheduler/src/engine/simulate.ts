import type { Logger, Progress } from 'kit';
import type { Cluster } from '../cluster/cluster.ts';
import type { RoundTable } from '../metrics/round-metrics.ts';
import type { PodTable } from '../placement/sharing/pods.ts';
import type { SharePolicyName } from '../placement/sharing/policies/types.ts';
import type { PlacementName } from '../placement/strategies.ts';
import type { Policy } from '../policies/types.ts';
import type { ProfileReport, ProfileRounds } from '../profile/profiler.ts';
import type { Workload } from '../workload/job.ts';
import type { EndReason } from './end-reason.ts';
import { Engine } from './engine.ts';
import type { FillRules } from './fill.ts';
import type { JobStore, SharedPodScale } from './job-store.ts';

/** Gavel's mechanism and the switches that turn its quirks off (README, "Where gpusim differs"). */
export interface MechanismOptions extends Pick<FillRules, 'leftoverFill' | 'unallocatedJobs'> {
  /** Seconds a micro-task may run (Gavel's time_per_iteration). */
  roundDuration: number;
  /** Gavel's minimum_time_between_allocation_resets. */
  minReallocationInterval: number;
  /** last_reset_time == 0 also allows a reset: the one after the reset at t = 0 ignores the interval. */
  earlyReset: boolean;
  /** Credit execution time from the previous round's end, idle gaps included (else from the dispatch). */
  idleCredit: boolean;
  /** Once every job of a finite workload has arrived and a round ran nothing, reset at once. */
  forcedReset: boolean;
}

export interface EngineInput {
  cluster: Cluster;
  workload: Workload;
  policy: Policy;
  /** Whole-GPU runs: the node choice of `Placer`. */
  placement: PlacementName;
  /**
   * GPU sharing (a pod list on a cluster with CPU and memory per node): every job is a row of
   * `pods`, placed by the sharing model's `policy` (`placement` is then unused).
   */
  sharing?: { pods: PodTable; policy: SharePolicyName; scale: SharedPodScale };
  seed: number;
  mechanism: MechanismOptions;
  /**
   * The fixed order in which the round walks the types' queues (Gavel: v100, p100, k80, fastest
   * first); shuffled every round for heterogeneity-agnostic policies. Default: cluster order.
   */
  typeOrder?: Int32Array;
  maxSimTime: number | undefined;
  maxWallTime: number | undefined;
  /** Job ids [first, last) whose completion ends a steady-state run. */
  window: { first: number; last: number } | undefined;
  /** Seconds: end the run once the window's average JCT is sure to exceed this (needs a window). */
  maxWindowJct?: number | undefined;
  /**
   * Seconds after the window's last arrival: a window still unfinished then ends the run
   * (`window-deadline`), a compute budget for loads where a few jobs would take years to finish.
   */
  windowDeadline?: number | undefined;
  /** Written into the run file header. */
  config: Record<string, unknown>;
  logger: Logger;
  /** Makes the progress display for a run of `total` units (window jobs or all jobs); none when absent. */
  progress: ((total: number) => Progress) | undefined;
  signal: AbortSignal | undefined;
  /** Time every phase (see Profiler). */
  profile: boolean;
}

export interface EngineOutput {
  store: JobStore;
  rounds: RoundTable;
  runFile: Uint8Array;
  endReason: EndReason;
  /** Simulated seconds at the end. */
  endTime: number;
  profile: ProfileReport;
  profileRounds: ProfileRounds | undefined;
  reallocations: number;
  leaseExtensions: number;
  placements: number;
  spreadPlacements: number;
  /** GPU-sharing runs: rounds whose placement fell back to the fill's (SharedPlacement). */
  sharedPlacementFallbacks: number | undefined;
  policyWarnings: number;
  /** Runs that ended before their window finished: the lower bound on its average JCT then. */
  windowJctBound: number | undefined;
}

/** Runs the round loop (see Engine). Pure apart from the logger and the progress display it is given. */
export function simulate(input: EngineInput): Promise<EngineOutput> {
  return new Engine(input).run();
}
