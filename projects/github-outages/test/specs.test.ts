import { describe, expect, it } from 'vitest';
import { chartSpecs } from '../src/specs.ts';
import { slice, summarySlice } from './helpers.ts';

describe('chart specs', async () => {
  // A fixed slice keeps the snapshots small and independent of future scrapes.
  const { summary } = await summarySlice(await slice('2021', '2026-06-01'), '2026-05-31');
  const specs = chartSpecs(summary);

  it.each(Object.keys(specs))('%s matches its snapshot', (name) => {
    expect(specs[name]).toMatchSnapshot();
  });

  it('marks the projection and the impact-level change', () => {
    const perYear = JSON.stringify(specs['incidents-per-year']);
    expect(perYear).toContain('"part":"projected"');
    const impact = specs['impact-mix'] as { data: { values: { period: string }[] } };
    expect(new Set(impact.data.values.map((v) => v.period))).toContain('2026 new levels');
    const quarter = JSON.stringify(specs['incidents-per-quarter']);
    for (const label of ['Actions GA', 'Codespaces GA', 'Copilot GA', 'Azure migration memo'])
      expect(quarter).toContain(label);
  });
});
