import type { FigureData, OurPoint } from '../../src/load.ts';

/** One rate of one of our curves: three seeds, sd 1, every run measured, unless `extra` says otherwise. */
export const point = (x: number, mean: number | null, extra: Partial<OurPoint> = {}): OurPoint => ({
  x,
  mean,
  sd: 1,
  n: 3,
  total: 3,
  cutOff: 0,
  pastDeadline: 0,
  missing: {},
  level: { x, y: mean },
  ...extra,
});

/** The figures' shared setup as the loader reads it, at these rates. */
export const figureSetup = (rates: number[]): FigureData['setup'] => ({
  cluster: 'v100=36,p100=36,k80=36',
  roundSeconds: 360,
  resetSeconds: 1920,
  window: '4000:5000',
  seeds: [0, 1, 2],
  rates,
});
