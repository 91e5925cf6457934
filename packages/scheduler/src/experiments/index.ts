export { allCurveStats, type CurveStats, curveStats, percentile } from './aggregate.ts';
export { type ArrivalsOptions, type ArrivalsRun, runArrivals } from './arrivals.ts';
export {
  CURVE_METRICS,
  type CurveMetric,
  pendingByClass,
  pyRound,
  REQUEST_CLASSES,
  type RequestClass,
  type RunCurves,
  requestClass,
  runCurves,
} from './curves.ts';
export {
  type GridOptions,
  PAPER_POLICIES,
  PAPER_SEEDS,
  PENDING_AT_PERCENT,
  type PolicyResult,
  runGrid,
} from './grid.ts';
export {
  type ArrivalsResultsOptions,
  type ArrivalsSummaryConfig,
  aggregateCsv,
  arrivalsResultsTable,
  arrivalsSummary,
  curvesCsv,
  pendingCsv,
  RESULTS_FILE,
  RESULTS_METRICS,
  resultsTableJson,
  writeArrivalsOutputs,
} from './outputs.ts';
export { arrivalsRecorder, arrivalsRunMetrics, podShapeName, roundsAtPercent } from './run-file.ts';
export { submissionOrder } from './sequence.ts';
