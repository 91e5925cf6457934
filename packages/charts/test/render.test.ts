import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderChart, type TopLevelSpec, writeAnalysis, writeChart } from '../src/index.ts';

const spec: TopLevelSpec = {
  title: 'Incidents per year',
  width: 300,
  height: 150,
  data: {
    values: [
      { year: '2022', n: 136 },
      { year: '2023', n: 165 },
      { year: '2024', n: 190 },
    ],
  },
  mark: 'bar',
  encoding: {
    x: { field: 'year', type: 'ordinal' },
    y: { field: 'n', type: 'quantitative', title: 'incidents' },
  },
};

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

describe('renderChart', () => {
  it('renders SVG with the data and a PNG', async () => {
    const { svg, png } = await renderChart(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Incidents per year');
    expect(svg.match(/<path[^>]*aria-roledescription="bar"/g)?.length).toBe(3);
    expect([...png.slice(0, 4)]).toEqual(PNG_MAGIC);
  });

  it('uses a dark background and light text in the dark theme', async () => {
    const light = await renderChart(spec, { theme: 'light' });
    const dark = await renderChart(spec, { theme: 'dark' });
    expect(light.svg).toContain('#ffffff');
    expect(dark.svg).toContain('#111827');
    expect(dark.svg).not.toEqual(light.svg);
  });

  it('is byte-identical when rendered twice', async () => {
    const a = await renderChart(spec);
    const b = await renderChart(spec);
    expect(a.svg).toBe(b.svg);
    expect(Buffer.from(a.png).equals(Buffer.from(b.png))).toBe(true);
  });

  it('names the chart when the spec does not compile', async () => {
    const bad = { title: 'Broken', mark: 'nope', data: { values: [] } } as unknown as TopLevelSpec;
    await expect(renderChart(bad)).rejects.toThrow(/chart "Broken"/);
  });
});

describe('writeChart', () => {
  it('writes light and dark SVG and PNG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'charts-'));
    await writeChart(dir, 'per-year', spec);
    expect(readdirSync(dir).sort()).toEqual([
      'per-year.dark.png',
      'per-year.dark.svg',
      'per-year.png',
      'per-year.svg',
    ]);
    expect(readFileSync(join(dir, 'per-year.svg'), 'utf8')).toContain('<svg');
  });

  it('refuses a name that is not a plain file stem', async () => {
    await expect(writeChart(tmpdir(), '../x', spec)).rejects.toThrow(/chart name/);
  });
});

describe('writeAnalysis', () => {
  it('writes the summary, then every chart, and lists them in that order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'charts-'));
    const summaryFile = join(dir, 'data', 'summary.json');
    const files = await writeAnalysis({
      summary: { total: 491 },
      summaryFile,
      chartsDir: join(dir, 'charts'),
      specs: { a: spec, b: spec },
    });
    expect(readFileSync(summaryFile, 'utf8')).toBe('{\n  "total": 491\n}\n');
    expect(files[0]).toBe(summaryFile);
    expect(files.slice(1).map((f) => f.slice(dir.length + 1))).toEqual([
      'charts/a.svg',
      'charts/a.png',
      'charts/a.dark.svg',
      'charts/a.dark.png',
      'charts/b.svg',
      'charts/b.png',
      'charts/b.dark.svg',
      'charts/b.dark.png',
    ]);
  });

  it('writes only the charts without a summary, and refuses a summary with nowhere to go', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'charts-'));
    expect(await writeAnalysis({ chartsDir: dir, specs: { a: spec } })).toHaveLength(4);
    expect(readdirSync(dir)).toHaveLength(4);
    await expect(writeAnalysis({ summary: {}, chartsDir: dir, specs: {} })).rejects.toThrow(/summaryFile/);
  });
});
