import type { Cluster } from '../cluster/cluster.ts';
import type { PodTable } from '../placement/sharing/pods.ts';
import { SHARE_POLICY_NAMES, type SharePolicyName } from '../placement/sharing/policies/types.ts';
import { typicalPods } from '../placement/sharing/typical-pods.ts';
import { allCurveStats, type CurveStats } from './aggregate.ts';
import { type ArrivalsRun, runArrivals } from './arrivals.ts';
import {
  type CurveMetric,
  pendingByClass,
  REQUEST_CLASSES,
  type RequestClass,
  type RunCurves,
  runCurves,
} from './curves.ts';

/** The paper's policies in its order (Fig. 7 and 9), and its seeds. */
export const PAPER_POLICIES: readonly SharePolicyName[] = SHARE_POLICY_NAMES.filter(
  (name) => name !== 'first-fit',
);
export const PAPER_SEEDS: readonly number[] = [42, 43, 44, 45, 46, 47, 48, 49, 50, 51];
/** The arrived demand (%) at which Fig. 9(c) breaks pending GPUs down by request size. */
export const PENDING_AT_PERCENT = 96;

export interface GridOptions {
  policies?: readonly SharePolicyName[];
  seeds?: readonly number[];
  tune?: number;
  /** After each run (for progress). */
  onRun?: (done: number, total: number, run: ArrivalsRun) => void;
  /** Keep every run's samples (memory: ~0.5 MB per run). */
  keepRuns?: boolean;
}

export interface PolicyResult {
  policy: SharePolicyName;
  seeds: number[];
  curves: RunCurves[];
  stats: Record<CurveMetric, CurveStats>;
  /** Per seed: pending GPUs by request size at PENDING_AT_PERCENT and at the end. */
  pendingAt: Record<RequestClass, number>[];
  pendingEnd: Record<RequestClass, number>[];
  pods: number[];
  wallSeconds: number[];
  runs?: ArrivalsRun[];
}

/** Every policy x seed of the arrivals experiment, aggregated per policy. */
export function runGrid(cluster: Cluster, pods: PodTable, options: GridOptions = {}): PolicyResult[] {
  const policies = options.policies ?? PAPER_POLICIES;
  const seeds = options.seeds ?? PAPER_SEEDS;
  const tune = options.tune ?? 1.3;
  const typical = typicalPods(pods);
  const total = policies.length * seeds.length;
  let done = 0;
  return policies.map((policy) => {
    const result: PolicyResult = {
      policy,
      seeds: [...seeds],
      curves: [],
      stats: allCurveStats([]),
      pendingAt: [],
      pendingEnd: [],
      pods: [],
      wallSeconds: [],
      runs: options.keepRuns ? [] : undefined,
    };
    for (const seed of seeds) {
      const run = runArrivals(cluster, pods, { policy, seed, tune, typical });
      result.curves.push(runCurves(run));
      result.pendingAt.push(pendingByClass(run, pods, PENDING_AT_PERCENT));
      result.pendingEnd.push(pendingByClass(run, pods, Number.POSITIVE_INFINITY));
      result.pods.push(run.pods.length);
      result.wallSeconds.push(run.wallSeconds);
      result.runs?.push(run);
      options.onRun?.(++done, total, run);
    }
    result.stats = allCurveStats(result.curves);
    return result;
  });
}

export { REQUEST_CLASSES };
