import type { Observation, ResultsTable } from 'scheduler/results';
import { describe, expect, it } from 'vitest';
import {
  buildPlot,
  metricChoices,
  nearestPoint,
  parseViewParams,
  playerHref,
  pointDetails,
  representative,
  resultsHref,
  statusLine,
  unitsFor,
} from '../src/results-model.ts';

const obs = (
  policy: string,
  x: number,
  seed: string,
  jct: number | null,
  extra: Partial<Observation> = {},
): Observation => ({
  labels: { policy, seed },
  x,
  values: { avgJct: jct, utilization: 0.5 },
  run: { name: `${policy}-${x}-${seed}`, url: `/@gpuviz/file/${policy}-${x}-${seed}`, at: 'window' },
  ...extra,
});

const table: ResultsTable = {
  format: 'gpusim-results/1',
  name: 'fig',
  x: { name: 'jobsPerHour' },
  seriesAxes: ['policy'],
  replicateAxis: 'seed',
  metrics: ['utilization', 'avgJct'],
  defaultMetric: 'avgJct',
  observations: [
    obs('aware', 1, '0', 3600),
    obs('aware', 1, '1', 3 * 3600),
    obs('aware', 2, '0', 7200),
    obs('aware', 2, '1', 4e6, { excluded: 'jct-cutoff' }),
    obs('agnostic', 1, '0', 7200),
    obs('agnostic', 1, '1', null, { excluded: 'failed' }),
  ],
  reference: [
    {
      format: 'gpusim-curves/1',
      x: { label: 'Input job rate (jobs/hour)' },
      y: { metric: 'avgJct', label: 'Average JCT (hours)', scale: 3600 },
      curves: [
        { name: 'paper: aware', series: { policy: 'aware' }, x: [0.5, 1, 2], y: [1, 2, null] },
        { name: 'paper: other', x: [1], y: [9], band: { lower: [8], upper: [10.5] } },
      ],
    },
  ],
};

describe('the Results view model', () => {
  it('aligns means, ±1 sd bands and the reference curves on one x axis, in the curves units', () => {
    const plot = buildPlot(table, 'avgJct');
    expect(plot.xs).toEqual([0.5, 1, 2]);
    expect([plot.xLabel, plot.yLabel, plot.scale]).toEqual([
      'Input job rate (jobs/hour)',
      'Average JCT (hours)',
      3600,
    ]);
    const [aware, agnostic] = plot.series;
    expect(aware!.label).toBe('aware');
    expect(aware!.mean).toEqual([null, 2, 2]);
    const sd = Math.SQRT2; // hours: values 1 and 3
    expect(aware!.lower[1]).toBeCloseTo(2 - sd, 12);
    expect(aware!.upper[1]).toBeCloseTo(2 + sd, 12);
    // One value at x = 2 (the other was cut off): no spread.
    expect([aware!.lower[2], aware!.upper[2]]).toEqual([2, 2]);
    expect(agnostic!.mean).toEqual([null, 2, null]);
    expect(plot.curves.map((c) => [c.name, c.colour, c.y, c.lower, c.upper])).toEqual([
      ['paper: aware', aware!.colour, [1, 2, null], undefined, undefined],
      ['paper: other', 2, [null, 9, null], [null, 8, null], [null, 10.5, null]],
    ]);
  });

  it('draws no curves beside a metric they do not compare with, and guesses hours for durations', () => {
    const plot = buildPlot(table, 'utilization');
    expect(plot.curves).toEqual([]);
    expect([plot.scale, plot.yLabel]).toEqual([1, 'utilization']);
    expect(unitsFor({ ...table, reference: [] }, 'makespan')).toMatchObject({
      scale: 3600,
      label: 'makespan (hours)',
    });
    expect(metricChoices(table)).toEqual(['avgJct', 'utilization']);
  });

  it('says what a point is made of, and opens the replicate closest to the mean', () => {
    const plot = buildPlot(table, 'avgJct');
    const details = pointDetails(plot, table, 0, 2)!;
    expect(details.title).toBe('aware');
    expect(details.lines).toEqual([
      'jobsPerHour = 2',
      'mean 2.00 ± – (sd), n = 1',
      'left out: 1 jct-cutoff',
      'seed 0: 2.00',
      'seed 1: 1111 (jct-cutoff)',
    ]);
    expect(details.open?.run?.name).toBe('aware-2-0');
    const at1 = pointDetails(plot, table, 0, 1)!;
    expect(at1.lines).toContain('paper: aware: 2.00');
    // Both replicates are 1 h from the mean of 2 h: the first one wins the tie.
    expect(at1.open?.run?.name).toBe('aware-1-0');
    expect(pointDetails(plot, table, 0, 0)).toBeUndefined();
    const skewed = {
      x: 1,
      n: 3,
      excluded: {},
      metrics: { avgJct: { mean: 5, std: 1, n: 3 } },
      observations: [obs('a', 1, '0', 1), obs('a', 1, '1', 6), obs('a', 1, '2', 8)],
    };
    expect(representative(skewed, 'avgJct')?.run?.name).toBe('a-1-1');
    // With no run file served, the same choice among the runs that say how to make theirs; a
    // served file still wins over a closer run that is not on disk.
    const lite = (o: Observation, url: boolean): Observation => ({
      ...o,
      run: url ? o.run! : { name: o.run!.name, regenerate: `make ${o.run!.name}` },
    });
    const absent = { ...skewed, observations: skewed.observations.map((o) => lite(o, false)) };
    expect(representative(absent, 'avgJct')?.run).toEqual({ name: 'a-1-1', regenerate: 'make a-1-1' });
    const mixed = { ...skewed, observations: skewed.observations.map((o, i) => lite(o, i === 2)) };
    expect(representative(mixed, 'avgJct')?.run?.name).toBe('a-1-2');
    expect(playerHref(absent.observations[1]!)).toBeUndefined();
  });

  it('makes shareable URLs for the player and for the view itself', () => {
    expect(playerHref(obs('aware', 1, '0', 1))).toBe(
      `?run=${encodeURIComponent('/@gpuviz/file/aware-1-0')}&at=window`,
    );
    expect(playerHref({ ...obs('a', 1, '0', 1), run: { name: 'r', url: '/f', round: 12 } })).toBe(
      '?run=%2Ff&round=12',
    );
    expect(playerHref({ ...obs('a', 1, '0', 1), run: { name: 'r' } })).toBeUndefined();
    const href = resultsHref({ sweep: 'out/gavel-replication/fig9a', metric: 'avgJct' });
    expect(href).toBe('?view=results&sweep=out%2Fgavel-replication%2Ffig9a&metric=avgJct');
    expect(parseViewParams(new URLSearchParams(href))).toEqual({
      view: 'results',
      sweep: 'out/gavel-replication/fig9a',
      metric: 'avgJct',
    });
    expect(parseViewParams(new URLSearchParams('?run=x'))).toEqual({ view: 'player' });
  });

  it('finds the nearest drawn point in pixels, and an all-excluded point only by its x', () => {
    const plot = buildPlot(table, 'avgJct');
    const toPixels = (i: number, v: number) => ({ x: i * 100, y: 300 - v * 50 });
    expect(nearestPoint(plot, { x: 102, y: 200 }, toPixels)).toEqual({ series: 0, index: 1 });
    expect(nearestPoint(plot, { x: 400, y: 0 }, toPixels)).toBeUndefined();
    const cut: ResultsTable = { ...table, observations: [obs('b', 3, '0', 10, { excluded: 'saturated' })] };
    const cutPlot = buildPlot(cut, 'avgJct');
    const index = cutPlot.xs.indexOf(3);
    expect(nearestPoint(cutPlot, { x: index * 100 + 5, y: 0 }, toPixels)).toEqual({ series: 0, index });
  });

  it("draws a document that is not a sweep in its own units: % on both axes, the curve set's labels", () => {
    const point = (policy: string, seed: string, x: number, value: number, run?: Observation['run']) => ({
      labels: { policy, seed },
      x,
      values: { unallocated_gpu: value, frag_rate: 2 * value },
      ...(run ? { run } : {}),
    });
    const link = (x: number) => ({ name: 'runs/fgd-s42', round: x * 8, regenerate: 'npx gpusim arrivals' });
    const fgd: ResultsTable = {
      format: 'gpusim-results/1',
      name: 'fgd-arrivals',
      x: { name: 'arrived_pct', label: 'Arrived workloads (% of cluster GPU capacity)' },
      seriesAxes: ['policy'],
      replicateAxis: 'seed',
      metrics: ['frag_rate', 'unallocated_gpu'],
      defaultMetric: 'unallocated_gpu',
      observations: [0, 1, 2].flatMap((x) => [
        point('fgd', '42', x, 10 - x, link(x)),
        point('fgd', '43', x, 12 - x),
        point('random', '42', x, 20 - x),
        point('random', '43', x, 22 - x),
      ]),
      reference: [
        {
          format: 'gpusim-curves/1',
          source: 'Weng et al., ATC 2023',
          x: { label: 'Arrived workloads (% of cluster GPU capacity)' },
          y: { metric: 'unallocated_gpu', label: 'Unallocated GPU (%)' },
          curves: [
            { name: 'paper: FGD', series: { policy: 'fgd' }, x: [0, 2], y: [9, null] },
            { name: 'paper: Ideal', x: [0, 2], y: [8, 6] },
          ],
        },
      ],
    };
    expect(metricChoices(fgd)[0]).toBe('unallocated_gpu');
    const plot = buildPlot(fgd, 'unallocated_gpu');
    expect([plot.xLabel, plot.yLabel, plot.scale]).toEqual([
      'Arrived workloads (% of cluster GPU capacity)',
      'Unallocated GPU (%)',
      1,
    ]);
    expect(plot.series.map((s) => [s.label, s.mean])).toEqual([
      ['fgd', [11, 10, 9]],
      ['random', [21, 20, 19]],
    ]);
    expect(plot.curves.map((c) => [c.name, c.colour, c.y])).toEqual([
      ['paper: FGD', 0, [9, null, null]],
      ['paper: Ideal', 2, [8, null, 6]],
    ]);
    const details = pointDetails(plot, fgd, 0, 0)!;
    expect(details.lines).toEqual([
      'arrived_pct = 0',
      `mean 11.0 ± ${Math.SQRT2.toPrecision(3)} (sd), n = 2`,
      'seed 42: 10.0',
      'seed 43: 12.0',
      'paper: FGD: 9.00',
    ]);
    // Only seed 42 links a run: that is the one a click offers, at the round of the point.
    expect(details.open?.run).toEqual(link(0));
    // The other metric has no paper curve: its own name, no scaling, no curves.
    const frag = buildPlot(fgd, 'frag_rate');
    expect([frag.yLabel, frag.scale, frag.curves]).toEqual(['frag_rate', 1, []]);
    expect(frag.series[0]!.mean).toEqual([22, 20, 18]);
    // 12 observations, 1 run linked and not on disk; a sweep's observations are its runs.
    expect(statusLine(fgd, 2, 12.3)).toBe(
      'fgd-arrivals: 12 observations (1 run linked), 2 series (drawn in 12 ms); no run file is on disk, click a point for the command that makes its run',
    );
    expect(statusLine(table, 2, 5)).toBe('fig: 6 runs, 2 series (drawn in 5 ms)');
  });
});
