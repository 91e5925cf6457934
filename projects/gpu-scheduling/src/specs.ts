import type { TopLevelSpec } from 'charts';
import type { Summary } from './summarize.ts';

// Specs pick fields, marks and order only; colours and fonts come from the charts theme, so the
// same spec renders for the light and the dark page.
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const PANEL_WIDTH = 290;
const PANEL_HEIGHT = 240;

const SCALE_TITLES: Record<string, string> = { philly: 'Philly (108 GPUs)', alibaba: 'Alibaba (6,212 GPUs)' };
const VARIANT_TITLES: Record<string, string> = {
  mmf: 'LP',
  'mmf-penalty': 'LP + penalty',
  'single-type': 'single-type',
  fifo: 'FIFO',
};

/** Stacked segments of the phase chart; the LP solve is split out of the allocation phase. */
export const PHASE_SEGMENTS = [
  { key: 'job_arrivals', label: 'job arrivals' },
  { key: 'lp_solve', label: 'allocation: HiGHS solve' },
  { key: 'allocation_rest', label: 'allocation: model, waterfill, rest' },
  { key: 'priorities', label: 'priorities' },
  { key: 'worker_assignment', label: 'worker assignment' },
  { key: 'event_jump_and_completion', label: 'event jump, completion' },
  { key: 'telemetry', label: 'telemetry' },
  { key: 'exit_checks', label: 'exit checks' },
  { key: 'other', label: 'untimed loop' },
] as const;

const SCALE_NAMES: Record<string, string> = { philly: 'Philly', alibaba: 'Alibaba' };
const scaleTitle = (scale: string) => SCALE_TITLES[scale] ?? scale;
const variantTitle = (variant: string) => VARIANT_TITLES[variant] ?? variant;

function variantDomain(summary: Summary): string[] {
  return summary.grid.variants.map(variantTitle);
}

function scaleDomain(summary: Summary): string[] {
  return summary.grid.scales.map(scaleTitle);
}

/** A log-scale axis of a quantitative field, padded so the end points do not sit on the frame. */
function logAxis(field: string, title: string) {
  return { field, type: 'quantitative', scale: { type: 'log', nice: false, padding: 12 }, title } as const;
}

/** One panel per cluster scale, in the grid's order. */
function byScale(summary: Summary) {
  return { column: { field: 'scale', type: 'nominal', title: null, sort: scaleDomain(summary) } } as const;
}

/** One bar group per policy along x, in the grid's order. */
function policyAxis(summary: Summary) {
  return {
    field: 'variant',
    type: 'nominal',
    title: null,
    sort: variantDomain(summary),
    axis: { labelAngle: 0 },
  } as const;
}

/** Lines coloured by policy, in the grid's order. */
function colourByPolicy(summary: Summary) {
  return {
    field: 'variant',
    type: 'nominal',
    title: 'policy',
    scale: { domain: variantDomain(summary) },
  } as const;
}

export function phaseShares(summary: Summary): TopLevelSpec {
  const values = Object.entries(summary.scales).flatMap(([scale, figures]) =>
    Object.entries(figures.variants).flatMap(([variant, v]) =>
      PHASE_SEGMENTS.map((segment, order) => {
        const share =
          segment.key === 'allocation_rest'
            ? Math.max(0, (v.shares.allocation ?? 0) - (v.shares.lp_solve ?? 0))
            : (v.shares[segment.key] ?? 0);
        return {
          scale: scaleTitle(scale),
          variant: variantTitle(variant),
          phase: segment.label,
          order,
          share,
        };
      }),
    ),
  );
  return {
    $schema: SCHEMA,
    title: {
      text: 'Where a run spends its time',
      subtitle: 'share of the simulation loop per profiled phase, pooled over placements and seeds',
    },
    data: { values },
    facet: byScale(summary),
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      mark: { type: 'bar' },
      encoding: {
        x: policyAxis(summary),
        y: {
          field: 'share',
          type: 'quantitative',
          stack: 'zero',
          title: '% of wall time',
          scale: { domain: [0, 100] },
        },
        color: {
          field: 'phase',
          type: 'nominal',
          title: 'phase',
          scale: { domain: PHASE_SEGMENTS.map((s) => s.label) },
          legend: { labelLimit: 340 },
        },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [
          { field: 'phase', type: 'nominal' },
          { field: 'share', type: 'quantitative', format: '.1f' },
        ],
      },
    },
  };
}

const ROUND_TITLES: Record<string, string> = {
  reset: 'rounds that reallocated',
  other: 'rounds between resets',
};

export function roundTimeVsJobs(summary: Summary): TopLevelSpec {
  const values = summary.roundTime.map((p) => ({
    scale: scaleTitle(p.scale),
    variant: variantTitle(p.variant),
    kind: ROUND_TITLES[p.rounds ?? ''] ?? 'all rounds',
    jobs: p.jobs,
    ms: p.ms,
    rounds: p.count,
  }));
  const kinds = [...new Set(values.map((v) => v.kind))];
  return {
    $schema: SCHEMA,
    title: {
      text: 'Wall time per round against active jobs',
      subtitle: 'every round of every run, median per bin of active jobs (log scales)',
    },
    data: { values },
    facet: byScale(summary),
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      mark: { type: 'line', point: { filled: true, size: 30 }, opacity: 0.9 },
      encoding: {
        x: logAxis('jobs', 'active jobs in the round (running + queued)'),
        y: logAxis('ms', 'median ms per round'),
        color: colourByPolicy(summary),
        strokeDash: {
          field: 'kind',
          type: 'nominal',
          title: 'rounds',
          scale: { domain: kinds },
          // The charts theme colours unencoded legend symbols for each page theme.
          legend: { labelLimit: 260, symbolType: 'stroke', symbolStrokeWidth: 2 },
        },
        detail: { field: 'kind', type: 'nominal' },
        tooltip: [
          { field: 'variant', type: 'nominal' },
          { field: 'kind', type: 'nominal' },
          { field: 'rounds', type: 'quantitative' },
        ],
      },
    },
  };
}

const COLD = 'cold solve, Alibaba capacities';

export function lpSolveVsJobs(summary: Summary): TopLevelSpec {
  const runs = summary.lpSolves.map((p) => ({
    source: `${variantTitle(p.variant)}, ${SCALE_NAMES[p.scale] ?? p.scale} runs`,
    jobs: p.jobs,
    ms: p.ms,
  }));
  const cold = (summary.lpScaling?.points ?? []).map((p) => ({ source: COLD, jobs: p.jobs, ms: p.solveMs }));
  const sources = [...new Set([...runs, ...cold].map((v) => v.source))];
  return {
    $schema: SCHEMA,
    title: {
      text: 'HiGHS solve time against job count',
      subtitle: 'runs: every solve, median per bin of jobs in the LP; cold: one fresh model per size',
    },
    width: PANEL_WIDTH * 2,
    height: PANEL_HEIGHT + 40,
    data: { values: [...runs, ...cold] },
    mark: { type: 'line', point: { filled: true, size: 40 } },
    encoding: {
      x: logAxis('jobs', 'jobs in the LP'),
      y: logAxis('ms', 'ms per solve'),
      color: {
        field: 'source',
        type: 'nominal',
        title: null,
        scale: { domain: sources },
        legend: { orient: 'top-left', labelLimit: 360 },
      },
    },
  };
}

export function utilizationOverTime(summary: Summary): TopLevelSpec {
  const values = summary.utilization.map((u) => ({
    scale: scaleTitle(u.scale),
    variant: variantTitle(u.variant),
    hour: u.hour,
    utilization: u.utilizationPct,
  }));
  return {
    $schema: SCHEMA,
    title: {
      text: 'Cluster utilization over simulated time',
      subtitle: 'busy GPUs in percent, averaged over placements and seeds',
    },
    data: { values },
    facet: byScale(summary),
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      mark: { type: 'line', strokeWidth: 1.6 },
      encoding: {
        x: { field: 'hour', type: 'quantitative', title: 'simulated hours' },
        y: { field: 'utilization', type: 'quantitative', title: 'utilization (%)' },
        color: colourByPolicy(summary),
      },
    },
  };
}

export function jctCdf(summary: Summary): TopLevelSpec {
  const values = summary.jctCdf
    .filter((c) => c.hours > 0)
    .map((c) => ({
      scale: scaleTitle(c.scale),
      variant: variantTitle(c.variant),
      hours: c.hours,
      fraction: c.fraction,
    }));
  return {
    $schema: SCHEMA,
    title: {
      text: 'Job completion time, cumulative',
      subtitle:
        'finished jobs of all placements and seeds; Alibaba runs stop early, so only short jobs finish there',
    },
    data: { values },
    facet: byScale(summary),
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      mark: { type: 'line', strokeWidth: 1.6, interpolate: 'step-after' },
      encoding: {
        x: logAxis('hours', 'JCT (hours, log scale)'),
        y: {
          field: 'fraction',
          type: 'quantitative',
          title: 'fraction of finished jobs',
          axis: { format: '%' },
        },
        color: colourByPolicy(summary),
      },
    },
  };
}

export function fragmentationByPlacement(summary: Summary): TopLevelSpec {
  const values = summary.points
    .filter((p) => p.fragmentationPct !== null)
    .map((p) => ({
      scale: scaleTitle(p.scale),
      variant: variantTitle(p.variant),
      placement: p.placement,
      fragmentation: p.fragmentationPct,
    }));
  return {
    $schema: SCHEMA,
    title: {
      text: 'Fragmentation by placement',
      subtitle:
        'FGD fragmentation rate: share of idle GPUs that typical jobs cannot use, mean over rounds and seeds',
    },
    data: { values },
    facet: byScale(summary),
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      mark: { type: 'bar' },
      encoding: {
        x: policyAxis(summary),
        xOffset: { field: 'placement', type: 'nominal', sort: summary.grid.placements },
        y: {
          aggregate: 'mean',
          field: 'fragmentation',
          type: 'quantitative',
          title: 'fragmentation rate (%)',
        },
        color: { field: 'placement', type: 'nominal', title: 'placement', sort: summary.grid.placements },
      },
    },
  };
}

/** Every chart of the project by file name. */
export function chartSpecs(summary: Summary): Record<string, TopLevelSpec> {
  return {
    'phase-shares': phaseShares(summary),
    'round-time-vs-jobs': roundTimeVsJobs(summary),
    'lp-solve-vs-jobs': lpSolveVsJobs(summary),
    'utilization-over-time': utilizationOverTime(summary),
    'jct-cdf': jctCdf(summary),
    'fragmentation-by-placement': fragmentationByPlacement(summary),
  };
}
