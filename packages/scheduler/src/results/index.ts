// Results figures' data (browser-safe): the viewer's Results view and `gpusim sweep aggregate` share it.
export { aggregateResults, meanAndStd, seriesKey } from './aggregate.ts';
export {
  curveSetSchema,
  parseCurveSet,
  parseResultsTable,
  ResultsFileError,
  resultsTableSchema,
} from './parse.ts';
export type {
  AggregatePoint,
  AggregateSeries,
  Curve,
  CurveSet,
  MetricSummary,
  Observation,
  ResultsTable,
  RunLink,
} from './types.ts';
