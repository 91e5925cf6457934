import type { TopLevelSpec } from 'charts';
import type { FigureSummary } from './summarize.ts';

// Specs pick fields, marks and order only; colours and fonts come from the charts theme, so the
// same spec renders for the light and the dark page.
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const SERIES = ['heterogeneity-aware', 'heterogeneity-agnostic'] as const;
const OURS = 'gpusim, mean ± 1 sd';
const PAPER = 'paper (digitized)';
const BOUND = 'gpusim, lower bound';

/**
 * Average JCT against the job rate: our two curves with a ±1 sd band, the paper's dashed, and a
 * triangle at the lower bound where some or all of our runs were cut off at the JCT limit or ended
 * unfinished at the window deadline (the mean is at least there; at the top when it is past ymax).
 */
export function figureSpec(figure: FigureSummary, ymax: number): TopLevelSpec {
  const ours: Record<string, unknown>[] = [];
  const bounds: Record<string, unknown>[] = [];
  const paper: Record<string, unknown>[] = [];
  for (const p of figure.points) {
    for (const [series, point, reference] of [
      [SERIES[0], p.aware, p.paperAware],
      [SERIES[1], p.agnostic, p.paperAgnostic],
    ] as const) {
      if (reference !== null) paper.push({ x: p.x, series, source: PAPER, jct: reference });
      if (!point || point.level.y === null) continue;
      if (point.level.atLeast)
        bounds.push({ x: p.x, series, bound: BOUND, jct: Math.min(point.level.y, ymax) });
      else {
        const sd = point.sd ?? 0;
        ours.push({
          x: p.x,
          series,
          source: OURS,
          jct: point.mean,
          low: point.mean! - sd,
          high: point.mean! + sd,
        });
      }
    }
  }
  const x = {
    field: 'x',
    type: 'quantitative',
    title: 'input job rate (jobs/hour)',
    // The swept rates end to end, as the paper's axes do.
    scale: { zero: false, nice: false },
  } as const;
  const y = {
    field: 'jct',
    type: 'quantitative' as const,
    title: 'average JCT (hours)',
    scale: { domain: [0, ymax], clamp: true },
  };
  const color = {
    field: 'series',
    type: 'nominal',
    title: 'policy',
    scale: { domain: [...SERIES] as string[] },
    legend: { labelLimit: 300, symbolOpacity: 1, orient: 'top-left' as const },
  } as const;
  const strokeDash = {
    field: 'source',
    type: 'nominal' as const,
    title: null,
    scale: {
      domain: [OURS, PAPER],
      range: [
        [1, 0],
        [6, 4],
      ],
    },
    legend: {
      symbolType: 'stroke' as const,
      symbolStrokeWidth: 2,
      symbolSize: 500,
      labelLimit: 300,
      orient: 'top-left' as const,
    },
  };
  const spec: TopLevelSpec = {
    $schema: SCHEMA,
    // The paper's name goes to the subtitle: the renderer sizes the chart to its estimate of the
    // title's width, and the whole title would leave a wide empty margin.
    title: {
      text: figure.title.replace(/^Gavel \(OSDI 2020\) /, ''),
      subtitle: `gpusim (${figure.seeds} seeds per point) against Gavel, OSDI 2020 (digitized); y clipped at ${ymax} h`,
    },
    // Legends sit inside the plot's top left, which a JCT-against-load curve leaves empty.
    width: 700,
    height: 320,
    layer: [
      {
        data: { values: ours },
        mark: { type: 'area', opacity: 0.18 },
        encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color },
      },
      {
        data: { values: ours },
        mark: { type: 'line', point: { filled: true, size: 36 }, strokeWidth: 2 },
        encoding: { x, y, color, strokeDash },
      },
      {
        data: { values: paper },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: { x, y, color, strokeDash },
      },
      // The paper's points are a layer of their own: on the line's layer they would take its dashes.
      {
        data: { values: paper },
        mark: { type: 'point', filled: false, size: 30, strokeWidth: 1.5 },
        encoding: { x, y, color },
      },
      {
        data: { values: bounds },
        mark: { type: 'point', shape: 'triangle-up', filled: true, size: 70 },
        encoding: {
          x,
          y,
          color,
          // Its own field, so this legend stays apart from the line styles' one.
          shape: {
            field: 'bound',
            type: 'nominal',
            title: null,
            scale: { domain: [BOUND], range: ['triangle-up'] },
            legend: { labelLimit: 300, orient: 'top-left' },
          },
        },
      },
    ],
    resolve: { scale: { strokeDash: 'shared', color: 'shared' } },
  };
  return spec;
}
