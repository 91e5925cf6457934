import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { loadInputs, POLICIES } from '../src/load.ts';
import { compareCurve, summarize } from '../src/summarize.ts';

const data = fileURLToPath(new URL('../data', import.meta.url));

it('compares our medians with the digitized paper points, point by point', () => {
  const inputs = loadInputs(data);
  const fake = { demand: [0, 100], series: { fgd: [0, null], random: [1000, 1000] } };
  const out = compareCurve(inputs, fake, 'unallocated_gpu');
  // FGD: one readable point (x=0, ours 100 - allocated at 0); random: two.
  expect(out.fgd!.points).toBe(1);
  expect(out.random!.points).toBe(2);
  expect(out.random!.maxAbsDiff).toBeGreaterThan(800);
});

it('summarizes the table at 100% and the ordering from the committed data', () => {
  const summary = summarize(loadInputs(data));
  expect(Object.keys(summary.at100)).toEqual([...POLICIES]);
  expect(summary.table.split('\n')).toHaveLength(8);
  const sorted = Object.values(summary.at100).map((row) => row.unallocated);
  expect(summary.orderingMatches).toBe(sorted.every((v, i) => i === 0 || v <= sorted[i - 1]!));
});
