import { describe, expect, it } from 'vitest';
import { chartSpecs, PHASE_SEGMENTS } from '../src/specs.ts';
import { summarize } from '../src/summarize.ts';
import { fakeGrid } from './helpers.ts';

const summary = summarize({
  gridName: 'fake',
  runs: fakeGrid(),
  notDone: 0,
  lpScaling: [
    { jobs: 50, allocationMs: 20, solveMs: 18 },
    { jobs: 1700, allocationMs: 700, solveMs: 550 },
  ],
});
const specs = chartSpecs(summary);

describe('chart specs', () => {
  it('has the six charts of the issue', () => {
    expect(Object.keys(specs)).toEqual([
      'phase-shares',
      'round-time-vs-jobs',
      'lp-solve-vs-jobs',
      'utilization-over-time',
      'jct-cdf',
      'fragmentation-by-placement',
    ]);
  });

  for (const [name, spec] of Object.entries(specs)) {
    it(`${name} matches its snapshot`, () => {
      expect(spec).toMatchSnapshot();
    });
  }

  it('stacks every phase of a policy to the full loop time', () => {
    const values = (
      specs['phase-shares']!.data as { values: { variant: string; scale: string; share: number }[] }
    ).values;
    const philly = values.filter((v) => v.scale.startsWith('Philly') && v.variant === 'LP');
    expect(philly).toHaveLength(PHASE_SEGMENTS.length);
    expect(philly.reduce((total, v) => total + v.share, 0)).toBeCloseTo(100, 5);
  });
});
