import type { TopLevelSpec } from 'charts';
import { type Inputs, LABELS, type PaperCurve, POLICIES } from './load.ts';

// One colour per policy, the same in every chart.
const COLORS = ['#8c564b', '#9467bd', '#2ca02c', '#ff7f0e', '#1f77b4', '#d62728'];
const policyScale = { domain: POLICIES.map((p) => LABELS[p]), range: COLORS };

interface ChartOptions {
  metric: string;
  paper: PaperCurve;
  title: string;
  yTitle: string;
  xDomain: [number, number];
  yDomain?: [number, number];
}

/** Our median over seeds (solid, with the 25-75% band) against the digitized paper points (dashed). */
function versusPaper(inputs: Inputs, options: ChartOptions): TopLevelSpec {
  const [lo, hi] = options.xDomain;
  const ours = inputs.stats
    .filter(
      (row) => row.metric === options.metric && row.x >= lo && row.x <= hi && Number.isFinite(row.median),
    )
    .map((row) => ({
      policy: LABELS[row.policy as keyof typeof LABELS] ?? row.policy,
      x: row.x,
      median: row.median,
      p25: row.p25,
      p75: row.p75,
      source: 'ours (median, 25-75%)',
    }));
  const paper = Object.entries(options.paper.series).flatMap(([policy, values]) =>
    values.flatMap((value, i) => {
      const x = options.paper.demand[i]!;
      if (value === null || x < lo || x > hi) return [];
      const label = policy === 'ideal' ? 'Ideal' : (LABELS[policy as keyof typeof LABELS] ?? policy);
      return [{ policy: label, x, median: value, source: 'paper (digitized)' }];
    }),
  );
  const x = {
    field: 'x',
    type: 'quantitative',
    title: 'Arrived workload (% of cluster GPU capacity)',
    scale: { domain: options.xDomain },
  } as const;
  const y = {
    field: 'median',
    type: 'quantitative',
    title: options.yTitle,
    scale: options.yDomain ? { domain: options.yDomain } : { zero: true },
  } as const;
  const ideal = 'ideal' in options.paper.series;
  const color = {
    field: 'policy',
    type: 'nominal',
    title: 'Policy',
    scale: ideal ? { domain: [...policyScale.domain, 'Ideal'], range: [...COLORS, '#7f7f7f'] } : policyScale,
  } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: options.title,
      subtitle: 'ours: solid, median of 10 seeds with the 25-75% band; paper: dashed, digitized points',
    },
    width: 560,
    height: 300,
    layer: [
      {
        data: { values: ours },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: { x, y, color: { ...color, legend: { symbolType: 'stroke', symbolStrokeWidth: 3 } } },
      },
      {
        data: { values: ours },
        mark: { type: 'area', opacity: 0.15 },
        encoding: {
          x,
          y: { field: 'p25', type: 'quantitative' },
          y2: { field: 'p75' },
          color: { ...color, legend: null },
        },
      },
      {
        data: { values: paper },
        mark: { type: 'line', strokeDash: [5, 4], strokeWidth: 1.5, point: { filled: false, size: 30 } },
        encoding: { x, y, color: { ...color, legend: null } },
      },
    ],
    // One legend, the solid lines': the band and the paper layers share the scale but draw none.
    resolve: { legend: { color: 'independent' } },
  } as TopLevelSpec;
}

function pendingBars(inputs: Inputs): TopLevelSpec {
  const classes: [string, string][] = [
    ['<1', '< 1 GPU (shared)'],
    ['1', '1 GPU'],
    ['2', '2 GPUs'],
    ['4', '4 GPUs'],
    ['8', '8 GPUs'],
  ];
  const values = POLICIES.flatMap((policy) => {
    const rows = inputs.pending.filter((row) => row.policy === policy && row.at !== 'end');
    return classes.map(([key, label]) => ({
      policy: LABELS[policy],
      size: label,
      gpus: rows.reduce((sum, row) => sum + (row.gpus[key] ?? 0), 0) / Math.max(rows.length, 1),
    }));
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'GPUs asked for by pending pods at 96% arrived workload (mean of 10 seeds)',
    width: 560,
    height: 280,
    data: { values },
    mark: 'bar',
    encoding: {
      x: {
        field: 'policy',
        type: 'nominal',
        sort: policyScale.domain,
        title: 'Policy',
        axis: { labelAngle: 0 },
      },
      y: { field: 'gpus', type: 'quantitative', title: 'Pending GPUs', stack: 'zero' },
      color: {
        field: 'size',
        type: 'nominal',
        title: 'Request size',
        sort: classes.map(([, label]) => label),
      },
      order: { field: 'size' },
    },
  } as TopLevelSpec;
}

export function chartSpecs(inputs: Inputs): Record<string, TopLevelSpec> {
  return {
    'frag-rate': versusPaper(inputs, {
      metric: 'frag_rate',
      paper: inputs.paper.fig7a,
      title: 'Fragmentation rate (fragmented / idle GPUs), Fig. 7a',
      yTitle: 'Frag rate (%)',
      xDomain: [0, 130],
      yDomain: [0, 105],
    }),
    'frag-over-total': versusPaper(inputs, {
      metric: 'frag_over_total',
      paper: inputs.paper.fig7b,
      title: 'Fragmented GPUs over all GPUs, Fig. 7b',
      yTitle: 'Frag / total (%)',
      xDomain: [0, 130],
      yDomain: [0, 20],
    }),
    unallocated: versusPaper(inputs, {
      metric: 'unallocated_gpu',
      paper: inputs.paper.fig9a,
      title: 'Unallocated GPUs, Fig. 9a',
      yTitle: 'Unallocated GPU (%)',
      xDomain: [75, 120],
      yDomain: [0, 26],
    }),
    'occupied-nodes': versusPaper(inputs, {
      metric: 'occupied_nodes',
      paper: inputs.paper.fig9b,
      title: 'Occupied nodes, Fig. 9b',
      yTitle: 'Occupied GPU nodes',
      xDomain: [0, 130],
      yDomain: [0, 1250],
    }),
    'pending-at-96': pendingBars(inputs),
  };
}
