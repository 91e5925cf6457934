import { describe, expect, it } from 'vitest';
import { figureSpec } from '../src/specs.ts';
import type { FigureSummary } from '../src/summarize.ts';
import { point } from './helpers/point.ts';

// Only what the spec reads; the rest of a summary is irrelevant to it.
const figure = {
  title: 'Gavel (OSDI 2020) Figure 9a: LAS on the continuous-single trace',
  seeds: 3,
  points: [
    { x: 1, aware: point(1, 10), agnostic: point(1, 20), paperAware: 12, paperAgnostic: null },
    {
      x: 2,
      aware: point(2, 30, { n: 2, pastDeadline: 1, level: { x: 2, y: 40, atLeast: true } }),
      agnostic: point(2, null, { n: 0, cutOff: 3, level: { x: 2, y: 100, atLeast: true } }),
      paperAware: 35,
      paperAgnostic: 140,
    },
  ],
} as unknown as FigureSummary;

type Layer = {
  data: { values: Record<string, unknown>[] };
  mark: { type: string };
  encoding: Record<string, unknown>;
};

describe('the figure chart spec', () => {
  const spec = figureSpec(figure, 100) as unknown as {
    layer: Layer[];
    title: { text: string; subtitle: string };
  };
  const [band, ours, paperLine, paperPoints, bounds] = spec.layer as [Layer, Layer, Layer, Layer, Layer];

  it('draws exact means with their ±1 sd band, and bounds (cut off or past the deadline) as triangles at most ymax', () => {
    expect(ours.data.values).toEqual([
      { x: 1, series: 'heterogeneity-aware', source: 'gpusim, mean ± 1 sd', jct: 10, low: 9, high: 11 },
      { x: 1, series: 'heterogeneity-agnostic', source: 'gpusim, mean ± 1 sd', jct: 20, low: 19, high: 21 },
    ]);
    expect(band.data.values).toBe(ours.data.values);
    expect(band.encoding).toHaveProperty('y2');
    expect(bounds.data.values).toEqual([
      { x: 2, series: 'heterogeneity-aware', bound: 'gpusim, lower bound', jct: 40 },
      { x: 2, series: 'heterogeneity-agnostic', bound: 'gpusim, lower bound', jct: 100 },
    ]);
    expect(bounds.mark).toMatchObject({ type: 'point', shape: 'triangle-up' });
  });

  it("draws the paper's readings dashed, their points undashed, and skips the unreadable ones", () => {
    expect(paperLine.data.values.map((v) => [v.x, v.series, v.jct])).toEqual([
      [1, 'heterogeneity-aware', 12],
      [2, 'heterogeneity-aware', 35],
      [2, 'heterogeneity-agnostic', 140],
    ]);
    expect(paperLine.encoding).toHaveProperty('strokeDash');
    expect(paperPoints.encoding).not.toHaveProperty('strokeDash');
    expect(spec.title.text).toBe('Figure 9a: LAS on the continuous-single trace');
    expect(spec.title.subtitle).toContain('3 seeds per point');
  });
});
