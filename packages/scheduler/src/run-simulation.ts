import { InputError, type Logger, type Progress, silentLogger } from 'kit';
import type { z } from 'zod';
import packageJson from '../package.json' with { type: 'json' };
import type { Cluster } from './cluster/cluster.ts';
import { loadOpenbNodes } from './cluster/openb-nodes.ts';
import { clusterFromPreset, findPreset, PRESET_NAMES } from './cluster/presets.ts';
import { clusterFromSpec } from './cluster/spec.ts';
import type { EndReason } from './engine/end-reason.ts';
import type { SharedPodScale } from './engine/job-store.ts';
import { type EngineInput, simulate } from './engine/simulate.ts';
import type { RunJobTable } from './format/index.ts';
import { type RunMetrics, summarizeMetrics } from './metrics/summary.ts';
import {
  DEFAULT_NUM_JOBS,
  DEFAULT_PRESET,
  parseWindow,
  type RunOptions,
  type RunOptionsInput,
  runOptionsSchema,
} from './options.ts';
import { isSharingOnlyPlacement, sharePolicyOf, wholeGpuPlacementOf } from './placement/run-placement.ts';
import type { PodTable } from './placement/sharing/pods.ts';
import type { SharePolicyName } from './placement/sharing/policies/types.ts';
import { createPolicy, type Policy } from './policies/index.ts';
import type { ProfileReport, ProfileRounds } from './profile/profiler.ts';
import { gavelWorkload } from './workload/gavel-generator.ts';
import { loadGavelTrace } from './workload/gavel-trace.ts';
import { generatedWorkload } from './workload/generator.ts';
import type { Workload } from './workload/job.ts';
import { loadOpenbPods, loadSharedOpenbPods } from './workload/openb-pods.ts';
import {
  embeddedThroughputs,
  fastestFirst,
  loadGavelThroughputs,
  resolveClusterTypes,
} from './workload/throughputs.ts';

export const VERSION: string = packageJson.version;

/** Exactly what goes into summary.json. */
export interface RunSummary {
  version: string;
  config: RunOptions & { preset?: string };
  seed: number;
  cluster: { name: string; gpuTypes: string[]; gpus: number; nodes: number };
  workload: { description: string; skipped: Record<string, number> };
  /** GPU-sharing runs only (a pod list on a cluster with CPU and memory per node). */
  gpuSharing?: {
    /** The sharing model's placement policy. */
    policy: SharePolicyName;
    /** Pods asking for part of one GPU, of the GPU pods that arrived. */
    sharedPods: number;
    /** Rounds whose placement took the fill's instead (README, "GPU sharing in rounds"). */
    placementFallbacks: number;
  };
  endReason: EndReason;
  /** Simulated seconds when the run ended. */
  simulatedSeconds: number;
  metrics: RunMetrics;
  profile: ProfileReport;
}

export interface RunResult {
  summary: RunSummary;
  /** One row per job that arrived (dense index = arrival order), plus columns for jobs.csv. */
  jobs: RunJobTable & {
    jct: Float64Array;
    totalSteps: Float64Array;
    stepsDone: Float64Array;
    isolatedTime: Float64Array;
    /** GPU-sharing runs: each pod's milli-GPU per GPU, CPU (milli-cores) and memory (MiB). */
    pods?: { gpuMilli: Int32Array; cpuMilli: Float64Array; memoryMib: Float64Array };
  };
  rounds: { names: string[]; count: number /** Row-major, names.length per round. */; values: Float64Array };
  /** The run.gpuviz bytes. */
  runFile: Uint8Array;
  /** Per-round wall-clock columns (profile.csv) when the run was profiled. */
  profileRounds?: ProfileRounds;
}

export interface RunIo {
  logger?: Logger;
  /**
   * Makes a progress display for `total` units (the CLI passes kit's createProgress, which draws
   * only on a TTY); the library itself never writes to the terminal.
   */
  progress?: (total: number) => Progress;
  signal?: AbortSignal;
  /** Instrumentation (benchmarks, tests): wraps the run's policy, e.g. to see every allocation problem. */
  wrapPolicy?: (policy: Policy) => Policy;
  /**
   * GPU-sharing runs: how pods asking for part of a GPU count in the allocation and the fill
   * (default `fraction`; `whole` is the README's ablation, `tools/shared-pod-scale.ts`).
   */
  sharedPodScale?: SharedPodScale;
}

/** camelCase option key -> the CLI flag users typed, for error messages. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** Validates and fills defaults; problems become one InputError naming the flag. */
export function parseRunOptions(input: RunOptionsInput): RunOptions {
  const parsed = runOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = (parsed.error as z.ZodError).issues[0]!;
  const key = issue.path.map(String).join('.');
  throw new InputError({ field: key ? flagOf(key) : 'options' }, issue.message);
}

export async function resolveCluster(
  options: Pick<RunOptions, 'preset' | 'cluster' | 'gpusPerNode'>,
): Promise<Cluster> {
  if (options.cluster !== undefined) {
    if (options.cluster.endsWith('.csv') || options.cluster.includes('/'))
      return loadOpenbNodes(options.cluster);
    return clusterFromSpec(options.cluster, options.gpusPerNode);
  }
  const name = options.preset ?? DEFAULT_PRESET;
  const preset = findPreset(name);
  if (!preset) throw InputError.expected({ field: '--preset' }, `one of ${PRESET_NAMES.join(', ')}`, name);
  return clusterFromPreset(preset);
}

/**
 * Whether a run shares GPUs: a pod list on a cluster with CPU and memory per node, unless
 * `gpuSharing` says otherwise. Impossible combinations are one-line errors; a pod list that
 * cannot share (a preset, a spec string) runs on whole GPUs with a warning.
 */
function resolveSharing(options: RunOptions, cluster: Cluster, logger: Logger): boolean {
  const sharing = options.podList !== undefined && (options.gpuSharing ?? cluster.hasNodeResources);
  const where = options.cluster ?? `preset ${options.preset ?? DEFAULT_PRESET}`;
  if (sharing && !cluster.hasNodeResources) {
    throw InputError.expected(
      { field: '--gpu-sharing' },
      'a cluster with CPU and memory per node: an openb node list with cpu_milli and memory_mib, such as --cluster ../shared/data/scheduler/openb_node_list_gpu_node.csv',
      where,
    );
  }
  if (!sharing && isSharingOnlyPlacement(options.placement)) {
    throw InputError.expected(
      { field: '--placement' },
      'first-fit, best-fit, random or fgd: dotprod, clustering and packing place pods that share GPUs (a --pod-list run on an openb node list)',
      options.placement,
    );
  }
  if (options.podList !== undefined && !sharing && options.gpuSharing === undefined) {
    logger.warn(
      `${where} lists no CPU and memory per node, so the pod list runs on whole GPUs (a pod asking for part of a GPU takes one); pass an openb node list as --cluster to share GPUs`,
    );
  }
  return sharing;
}

/** The job source, the order in which rounds walk the GPU types (fastest first), and the pod table of a GPU-sharing run. */
async function resolveWorkload(
  options: RunOptions,
  cluster: Cluster,
  sharing: boolean,
): Promise<{ workload: Workload; typeOrder: Int32Array | undefined; pods?: PodTable }> {
  if (options.podList && sharing) {
    const { workload, pods } = await loadSharedOpenbPods(options.podList, cluster);
    return { workload, typeOrder: undefined, pods };
  }
  if (options.podList) {
    return {
      workload: await loadOpenbPods(options.podList, cluster.gpuTypes, cluster.capacities),
      typeOrder: undefined,
    };
  }
  const table = options.throughputs ? await loadGavelThroughputs(options.throughputs) : embeddedThroughputs();
  const types = resolveClusterTypes(table, cluster.gpuTypes);
  const typeOrder = fastestFirst(table, types);
  if (options.trace)
    return { workload: await loadGavelTrace(options.trace, table, types, cluster.capacities), typeOrder };
  const generator = {
    seed: options.seed,
    jobsPerHour: options.allAtStart ? 0 : options.jobsPerHour,
    numJobs: options.window ? undefined : (options.numJobs ?? DEFAULT_NUM_JOBS),
    table,
    types,
    capacities: cluster.capacities,
  };
  const workload =
    options.workload === 'gavel'
      ? gavelWorkload({ ...generator, multiGpu: options.multiGpu, multiPriority: options.multiPriority })
      : generatedWorkload(generator);
  return { workload, typeOrder };
}

/** Runs one simulation. Reads input files, writes none; logs through `io.logger` only. */
export async function runSimulation(input: RunOptionsInput, io: RunIo = {}): Promise<RunResult> {
  const options = parseRunOptions(input);
  const logger = io.logger ?? silentLogger;
  const cluster = await resolveCluster(options);
  const sharing = resolveSharing(options, cluster, logger);
  const { workload, typeOrder, pods } = await resolveWorkload(options, cluster, sharing);
  const window = parseWindow(options.window);
  if (window && workload.total !== undefined && window.last > workload.total) {
    throw InputError.expected(
      { field: '--window' },
      `job ids within the ${workload.total} jobs of the input`,
      options.window,
    );
  }
  const created = await createPolicy(options.policy, {
    ...(options.migrationPenalty !== undefined ? { migrationPenalty: options.migrationPenalty } : {}),
    solverOptions: options.solverOptions,
    seed: options.seed,
  });
  const policy = io.wrapPolicy ? io.wrapPolicy(created) : created;
  const config = {
    ...options,
    ...(options.cluster === undefined ? { preset: options.preset ?? DEFAULT_PRESET } : {}),
  };
  for (const [reason, count] of Object.entries(workload.skipped)) logger.info(`skipped ${count} ${reason}`);

  const sharingInput: EngineInput['sharing'] = pods
    ? { pods, policy: sharePolicyOf(options.placement), scale: io.sharedPodScale ?? 'fraction' }
    : undefined;
  const out = await simulate({
    cluster,
    workload,
    policy,
    placement: wholeGpuPlacementOf(options.placement) ?? 'first-fit',
    ...(sharingInput ? { sharing: sharingInput } : {}),
    seed: options.seed,
    mechanism: {
      roundDuration: options.roundDuration,
      minReallocationInterval: options.minReallocationInterval,
      earlyReset: options.earlyReset,
      idleCredit: options.idleCredit,
      forcedReset: options.forcedReset,
      unallocatedJobs: options.unallocatedJobs,
      leftoverFill: options.leftoverFill,
    },
    ...(typeOrder ? { typeOrder } : {}),
    maxSimTime: options.maxSimTime,
    maxWallTime: options.maxWallTime,
    window,
    maxWindowJct: options.maxWindowJct,
    windowDeadline: options.windowDeadline,
    config: config as Record<string, unknown>,
    logger,
    progress: io.progress,
    signal: io.signal,
    profile: options.profile,
  });

  const { store } = out;
  const n = store.count;
  const finish = store.finish.slice(0, n);
  const arrival = store.arrival.slice(0, n);
  const summary: RunSummary = {
    version: VERSION,
    config,
    seed: options.seed,
    cluster: {
      name: cluster.name,
      gpuTypes: [...cluster.gpuTypes],
      gpus: cluster.totalGpus,
      nodes: cluster.nodes.length,
    },
    workload: { description: workload.description, skipped: workload.skipped },
    ...(sharingInput
      ? {
          gpuSharing: {
            policy: sharingInput.policy,
            sharedPods: countShared(store.gpuMilli.subarray(0, n)),
            placementFallbacks: out.sharedPlacementFallbacks ?? 0,
          },
        }
      : {}),
    endReason: out.endReason,
    simulatedSeconds: out.endTime,
    metrics: summarizeMetrics(store, out.rounds, cluster.gpuTypes, window, out),
    profile: out.profile,
  };
  return {
    summary,
    jobs: {
      id: store.id.slice(0, n),
      jobType: Array.from(store.jobTypeIndex.subarray(0, n), (t) => store.jobTypeNames[t]!),
      scaleFactor: store.scaleFactor.slice(0, n),
      arrival,
      start: store.start.slice(0, n),
      finish,
      priorityWeight: store.priorityWeight.slice(0, n),
      jct: finish.map((value, j) => value - arrival[j]!),
      totalSteps: store.totalSteps.slice(0, n),
      stepsDone: store.stepsDone.slice(0, n),
      isolatedTime: store.isolatedTime.slice(0, n),
      ...(pods ? { pods: podColumns(pods, store.pod.subarray(0, n)) } : {}),
    },
    rounds: {
      names: [...out.rounds.names],
      count: out.rounds.count,
      values: out.rounds.values.slice(0, out.rounds.count * out.rounds.names.length),
    },
    runFile: out.runFile,
    ...(out.profileRounds ? { profileRounds: out.profileRounds } : {}),
  };
}

function countShared(gpuMilli: Int32Array): number {
  let count = 0;
  for (const milli of gpuMilli) if (milli < 1000) count++;
  return count;
}

function podColumns(pods: PodTable, rows: Int32Array) {
  return {
    gpuMilli: Int32Array.from(rows, (row) => pods.gpuMilli[row]!),
    cpuMilli: Float64Array.from(rows, (row) => pods.cpuMilli[row]!),
    memoryMib: Float64Array.from(rows, (row) => pods.memoryMib[row]!),
  };
}
