export { executeRun } from './execute-run.ts';
export { defaultWorkers, type LocalBackendOptions, runLocal } from './local.ts';
export { MANIFEST_FILE, manifestOf, readManifest, type SweepManifest, writeManifest } from './manifest.ts';
export { type PlannedRun, planSweep, type SweepPlan } from './plan.ts';
export {
  type AggregateFiles,
  readSweepResults,
  type SweepResultsOptions,
  writeAggregate,
} from './results.ts';
export { runSweep, type SweepBackend, type SweepReport, type SweepRunOptions } from './run-sweep.ts';
export { arraySpec, type SbatchScriptOptions, sbatchScript } from './sbatch-script.ts';
export { findOnPath, runSlurm, SbatchMissingError, type SlurmProgress } from './slurm.ts';
export { parseSweepSource, readSweepSource, type SweepSource } from './source.ts';
export { type SweepFile, sweepFileSchema } from './spec.ts';
export { RUN_FILE, type RunStatus, readStatus, readSweepState, type SweepState } from './status.ts';
export { combineSummary, flattenMetrics } from './summary.ts';
