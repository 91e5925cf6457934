import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChart } from 'charts';
import { expect, it } from 'vitest';
import { loadInputs } from '../src/load.ts';
import { chartSpecs } from '../src/specs.ts';
import { summarize } from '../src/summarize.ts';

const root = join(import.meta.dirname, '..');
const inputs = loadInputs(join(root, 'data'));

it('data/summary.json is what the analysis makes of the committed data', () => {
  const committed = JSON.parse(readFileSync(join(root, 'data', 'summary.json'), 'utf8'));
  expect(JSON.parse(JSON.stringify(summarize(inputs)))).toEqual(committed);
});

it('the committed charts are what the specs render (npm run analyze regenerates them)', async () => {
  for (const [name, spec] of Object.entries(chartSpecs(inputs))) {
    const { svg } = await renderChart(spec, { theme: 'light' });
    expect(svg, name).toBe(readFileSync(join(root, 'charts', `${name}.svg`), 'utf8'));
  }
});
