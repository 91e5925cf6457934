import { InputError, type Logger, type Progress, silentLogger } from 'kit';
import type { z } from 'zod';
import packageJson from '../package.json' with { type: 'json' };
import type { Cluster } from './cluster/cluster.ts';
import { loadOpenbNodes } from './cluster/openb-nodes.ts';
import { clusterFromPreset, findPreset, PRESET_NAMES } from './cluster/presets.ts';
import { clusterFromSpec } from './cluster/spec.ts';
import type { EndReason } from './engine/end-reason.ts';
import { simulate } from './engine/simulate.ts';
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
import { createPolicy, type Policy } from './policies/index.ts';
import type { ProfileReport, ProfileRounds } from './profile/profiler.ts';
import { gavelWorkload } from './workload/gavel-generator.ts';
import { loadGavelTrace } from './workload/gavel-trace.ts';
import { generatedWorkload } from './workload/generator.ts';
import type { Workload } from './workload/job.ts';
import { loadOpenbPods } from './workload/openb-pods.ts';
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

/** The job source, and the order in which rounds walk the GPU types (fastest first). */
async function resolveWorkload(
  options: RunOptions,
  cluster: Cluster,
): Promise<{ workload: Workload; typeOrder: Int32Array | undefined }> {
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
  const { workload, typeOrder } = await resolveWorkload(options, cluster);
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

  const out = await simulate({
    cluster,
    workload,
    policy,
    placement: options.placement,
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
