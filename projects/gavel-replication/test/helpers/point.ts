import type { OurPoint } from '../../src/load.ts';

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
