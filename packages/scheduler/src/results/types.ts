/**
 * The data behind a results figure, independent of how it was produced. A `gpusim sweep` becomes
 * one (src/sweep/results.ts), and so can any experiment that yields scalar numbers per run: one
 * observation per (series, x, replicate), each with its metrics and the run to open behind it.
 * Pure data, no Node APIs: the viewer imports this module too.
 */
export interface ResultsTable {
  format: 'gpusim-results/1';
  name: string;
  /** What x is: an axis name or a run option (e.g. jobsPerHour), and how to label it. */
  x: { name: string; label?: string };
  /** Labels whose combination makes one series (e.g. policy). */
  seriesAxes: string[];
  /** The label that varies between replicates of a point (e.g. seed), if any. */
  replicateAxis?: string;
  /** Metric names, in a stable order; every observation's `values` uses these keys. */
  metrics: string[];
  /** The metric a viewer shows first. */
  defaultMetric?: string;
  observations: Observation[];
  /** Reference curves to draw beside the data (e.g. a paper's digitized figure). */
  reference?: CurveSet[];
}

export interface Observation {
  /** Label on every series axis and on the replicate axis. */
  labels: Record<string, string>;
  x: number;
  /** Scalar metrics; null where the run did not produce the value. */
  values: Record<string, number | null>;
  /** Why this observation is left out of the means (a run that failed, saturated, ...). */
  excluded?: string;
  /** The run behind it, to open in the player. */
  run?: RunLink;
}

export interface RunLink {
  name: string;
  /** Where the player fetches the run file (filled in by whoever serves it). */
  url?: string;
  /** Round to open at; `at: 'window'` opens the start of the run's measurement window instead. */
  round?: number;
  at?: 'window';
  /**
   * When the run file is absent (a results folder kept with its summaries only): the shell
   * command, run from the server's root, that makes it. Filled in by whoever serves the table, or
   * kept in the document by the experiment that wrote it (fgd-replication's links to runs made on
   * demand).
   */
  regenerate?: string;
}

/** Named (x, y) series with an optional band, in the units of `y.metric` divided by `y.scale`. */
export interface CurveSet {
  format: 'gpusim-curves/1';
  title?: string;
  /** Where the numbers come from (kept with any copy of them). */
  source?: string;
  x: { label?: string };
  y: {
    /** The observation metric these curves are comparable with. */
    metric: string;
    label?: string;
    /** Divide the metric by this to get the curves' units (3600 for seconds -> hours). */
    scale?: number;
  };
  curves: Curve[];
}

export interface Curve {
  name: string;
  /** The series of the results it belongs beside (same labels), for colouring. */
  series?: Record<string, string>;
  x: number[];
  /** null where the source has no value. */
  y: (number | null)[];
  band?: { lower: (number | null)[]; upper: (number | null)[] };
}

/** One point of an aggregated series: mean, standard deviation and count over replicates. */
export interface AggregatePoint {
  x: number;
  /** Replicates counted, and those left out by reason. */
  n: number;
  excluded: Record<string, number>;
  metrics: Record<string, MetricSummary>;
  /** Every observation at this point, counted or not, in replicate order. */
  observations: Observation[];
}

export interface MetricSummary {
  mean: number | null;
  /** Sample standard deviation (n - 1); null below two values. */
  std: number | null;
  n: number;
}

export interface AggregateSeries {
  /** `axis=label` pairs joined by ", " (or "all" without series axes). */
  key: string;
  labels: Record<string, string>;
  points: AggregatePoint[];
}
