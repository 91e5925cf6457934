import { describe, expect, it } from 'vitest';
import { binByJobs, jobBin, lpSolveByJobs, roundTimeByJobs } from '../src/per-round.ts';
import { fakeRun } from './helpers.ts';

describe('per-round timing', () => {
  it('bins job counts half a power of two wide', () => {
    expect([1, 2, 3, 4, 5, 6, 8, 11, 12].map(jobBin)).toEqual([0, 2, 3, 4, 4, 5, 6, 6, 7]);
  });

  it('takes medians per bin and drops bins with too few samples', () => {
    const samples = [
      { jobs: 100, ms: 1 },
      { jobs: 110, ms: 3 },
      { jobs: 120, ms: 2 },
      { jobs: 1000, ms: 9 },
    ];
    expect(binByJobs(samples)).toEqual([{ jobs: 110, ms: 2, count: 3 }]);
  });

  it('pairs each round with its active jobs, pooled per scale and policy', () => {
    const a = fakeRun({
      name: 'a',
      wallSeconds: 1,
      phases: {},
      active: [10, 10, 10, 40],
      wallMs: [1, 2, 3, 50],
    });
    const b = fakeRun({
      name: 'b',
      wallSeconds: 1,
      phases: {},
      active: [10, 40, 40, 40],
      wallMs: [4, 60, 70, 80],
    });
    expect(roundTimeByJobs([a, b])).toEqual([
      { scale: 'philly', variant: 'mmf', rounds: 'reset', jobs: 10, ms: 2.5, count: 4 },
      { scale: 'philly', variant: 'mmf', rounds: 'reset', jobs: 40, ms: 65, count: 4 },
    ]);
  });

  it('keeps the rounds that reallocated apart from the others', () => {
    const run = fakeRun({
      name: 'a',
      wallSeconds: 1,
      phases: {},
      active: [10, 10, 10, 10, 10, 10, 10],
      wallMs: [9, 1, 2, 8, 3, 7, 4],
      reset: [true, false, false, true, false, true, false],
    });
    expect(roundTimeByJobs([run])).toEqual([
      { scale: 'philly', variant: 'mmf', rounds: 'reset', jobs: 10, ms: 8, count: 3 },
      { scale: 'philly', variant: 'mmf', rounds: 'other', jobs: 10, ms: 2.5, count: 4 },
    ]);
  });

  it('uses every LP solve and leaves out runs without one', () => {
    const lp = fakeRun({
      name: 'lp',
      wallSeconds: 1,
      phases: {},
      active: [1],
      solves: [
        { jobs: 400, ms: 20 },
        { jobs: 410, ms: 30 },
        { jobs: 420, ms: 40 },
      ],
    });
    const fifo = fakeRun({ name: 'fifo', variant: 'fifo', wallSeconds: 1, phases: {}, active: [1] });
    expect(lpSolveByJobs([lp, fifo])).toEqual([
      { scale: 'philly', variant: 'mmf', jobs: 410, ms: 30, count: 3 },
    ]);
  });
});

describe('curveEnds', () => {
  it('keeps the fewest-jobs and most-jobs point of each curve', async () => {
    const { curveEnds } = await import('../src/per-round.ts');
    const ends = curveEnds([
      { scale: 'alibaba', variant: 'mmf', rounds: 'reset', jobs: 100, ms: 5, count: 3 },
      { scale: 'alibaba', variant: 'mmf', rounds: 'reset', jobs: 400, ms: 20, count: 3 },
      { scale: 'alibaba', variant: 'mmf', rounds: 'reset', jobs: 200, ms: 9, count: 3 },
      { scale: 'alibaba', variant: 'mmf', rounds: 'other', jobs: 300, ms: 0.1, count: 3 },
      { scale: 'philly', variant: 'fifo', jobs: 8, ms: 0.01, count: 3 },
    ]);
    expect(ends).toEqual({
      alibaba: {
        mmf: {
          reset: { fewest: { jobs: 100, ms: 5 }, most: { jobs: 400, ms: 20 } },
          other: { fewest: { jobs: 300, ms: 0.1 }, most: { jobs: 300, ms: 0.1 } },
        },
      },
      philly: { fifo: { all: { fewest: { jobs: 8, ms: 0.01 }, most: { jobs: 8, ms: 0.01 } } } },
    });
  });
});
