/**
 * The programmatic API of the simulator: the same options object `gpusim run` builds.
 * runSimulation is pure of file output; writeRunOutputs writes the four output files.
 */
export * from './cluster/index.ts';
export type { EndReason } from './engine/end-reason.ts';
export type { SharedPodScale } from './engine/job-store.ts';
export * from './experiments/index.ts';
export { BASE_METRICS, metricNames, SHARING_METRICS } from './metrics/round-metrics.ts';
export type { RunMetrics } from './metrics/summary.ts';
export {
  DEFAULT_NUM_JOBS,
  DEFAULT_PRESET,
  RUN_OPTION_KEYS,
  type RunOptions,
  type RunOptionsInput,
  runOptionsSchema,
} from './options.ts';
export { jobsCsv, profileCsv, roundsCsv, writeRunOutputs } from './outputs/write.ts';
export {
  RUN_PLACEMENT_NAMES,
  type RunPlacementName,
  SHARING_ONLY_PLACEMENTS,
} from './placement/run-placement.ts';
export * from './placement/sharing/index.ts';
export { PLACEMENT_NAMES, type PlacementName } from './placement/strategies.ts';
export { createPolicy, isPolicyName, POLICY_NAMES, type PolicyName } from './policies/index.ts';
export { PHASES, type ProfileReport, type ProfileRounds, SUB_PHASES } from './profile/profiler.ts';
export { GoRandom } from './random-go/go-random.ts';
export * from './results/index.ts';
export {
  flagOf,
  parseRunOptions,
  type RunIo,
  type RunResult,
  type RunSummary,
  resolveCluster,
  runSimulation,
  VERSION,
} from './run-simulation.ts';
export {
  type AggregateFiles,
  executeRun,
  MANIFEST_FILE,
  manifestOf,
  type PlannedRun,
  parseSweepSource,
  planSweep,
  RUN_FILE,
  readManifest,
  readStatus,
  readSweepResults,
  readSweepSource,
  runSweep,
  type SweepManifest,
  type SweepPlan,
  type SweepReport,
  writeAggregate,
  writeManifest,
} from './sweep/index.ts';
export { GAVEL_JOB_TABLE, gavelWorkload } from './workload/gavel-generator.ts';
export { loadGavelTrace, parseGavelTrace } from './workload/gavel-trace.ts';
export { generatedWorkload, SCALE_FACTOR_MIX } from './workload/generator.ts';
export type { JobSpec, SizeClass, Workload } from './workload/job.ts';
export {
  loadOpenbPods,
  loadSharedOpenbPods,
  parseOpenbPods,
  parseSharedOpenbPods,
} from './workload/openb-pods.ts';
export { PythonRandom } from './workload/python-random.ts';
export { RELATIVE_SPEEDS } from './workload/relative-speeds.ts';
export {
  embeddedThroughputs,
  loadGavelThroughputs,
  parseGavelThroughputs,
  resolveClusterTypes,
  type ThroughputTable,
} from './workload/throughputs.ts';
