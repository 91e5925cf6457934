import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { launchChromium, parseCsv, repoRoot } from 'kit';
import type { Browser, Page } from 'playwright-core';
import { readRunFile } from 'scheduler/format';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRealSweep } from './helpers/runs.ts';
import { startViewerServer } from './helpers/server.ts';

let dir: string;
let server: ViteDevServer;
let base: string;
let browser: Browser;
let aggregate: Record<string, string>[];
let runs: Record<string, string>[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gpuviz-results-'));
  ({ aggregate } = await makeRealSweep(dir));
  // The same sweep as a project commits it: manifest, statuses and summaries, no run files.
  cpSync(join(dir, 'sweep-a'), join(dir, 'sweep-lite'), {
    recursive: true,
    filter: (path) => !/(run\.gpuviz|jobs\.csv|rounds\.csv|[\\/]logs)$/.test(path),
  });
  runs = parseCsv(readFileSync(join(dir, 'sweep-a', 'summary.csv'), 'utf8')).records.map((r) => r.values);
  // A results document from an experiment that is not a gpusim sweep, pointing at one of the runs.
  writeFileSync(
    join(dir, 'arrivals.results.json'),
    JSON.stringify({
      format: 'gpusim-results/1',
      name: 'arrivals',
      x: { name: 'arrivedPct', label: 'arrived workload (% of GPUs)' },
      seriesAxes: ['placement'],
      replicateAxis: 'seed',
      metrics: ['fragmentationRate'],
      observations: [
        {
          labels: { placement: 'fgd', seed: '1' },
          x: 10,
          values: { fragmentationRate: 0.1 },
          run: { name: 'sweep-a/fifo-r2-s1', round: 3 },
        },
        { labels: { placement: 'fgd', seed: '2' }, x: 10, values: { fragmentationRate: 0.3 } },
        { labels: { placement: 'fgd', seed: '1' }, x: 20, values: { fragmentationRate: 0.2 } },
      ],
    }),
  );
  ({ server, url: base } = await startViewerServer(dir));
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Results {
  sweep?: string;
  metric?: string;
  error?: string;
  lastDraw?: { drawMs: number; observations: number };
  plot?: {
    xs: number[];
    series: { label: string; mean: (number | null)[] }[];
    curves: { name: string; y: (number | null)[] }[];
    yLabel: string;
  };
  pointAt(series: number, index: number): { x: number; y: number } | undefined;
}

const results = (page: Page): Promise<Omit<Results, 'pointAt'>> =>
  page.evaluate(() => {
    const r = (window as unknown as { gpuviz: { results: Results } }).gpuviz.results;
    return {
      sweep: r.sweep,
      metric: r.metric,
      error: r.error,
      lastDraw: r.lastDraw,
      plot: JSON.parse(JSON.stringify(r.plot ?? null)),
    };
  });

async function openResults(query: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  await page.goto(`${base}/?${query}`);
  await page.waitForFunction(() => {
    const r = (window as unknown as { gpuviz?: { results: Results } }).gpuviz?.results;
    return r?.lastDraw !== undefined || r?.error !== undefined;
  });
  return page;
}

const row = (policy: string, rate: number, metric = 'avgJct') =>
  aggregate.find((r) => r.policy === policy && Number(r.jobsPerHour) === rate && r.metric === metric)!;

describe('the Results view in Chromium on a real gpusim sweep', () => {
  it('lists the sweeps and draws mean per policy in hours, as gpusim sweep aggregate computed it, beside the curves', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    await page.goto(`${base}/`);
    await page.locator('.gv-view-toggle').click();
    const options = page.locator('.gv-sweep option[value]:not([value=""])');
    await expect.poll(() => options.count()).toBe(3);
    expect(await options.allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sweep-a · 12 runs · sweep-a$/),
        expect.stringMatching(/^sweep-a · 12 runs · sweep-lite$/),
        expect.stringMatching(/^arrivals · 3 observations/),
      ]),
    );
    await page.locator('.gv-sweep').selectOption('sweep-a');
    await page.waitForFunction(
      () => (window as unknown as { gpuviz: { results: Results } }).gpuviz.results.lastDraw !== undefined,
    );
    const { plot, metric } = await results(page);
    expect(metric).toBe('avgJct');
    expect(plot!.xs).toEqual([2, 4, 8]);
    expect(plot!.yLabel).toBe('Average JCT (hours)');
    expect(plot!.series.map((s) => s.label)).toEqual(['fifo', 'isolated']);
    for (const series of plot!.series) {
      for (const [i, rate] of [2, 4, 8].entries()) {
        const expected = Number(row(series.label, rate).mean) / 3600;
        expect(series.mean[i]).toBeCloseTo(expected, 9);
        expect(row(series.label, rate).n).toBe('2');
      }
    }
    expect(plot!.curves.map((c) => [c.name, c.y])).toEqual([
      ['paper: fifo', [3, 4, null]],
      ['paper: isolated', [5, null, 9]],
    ]);
    expect(await page.locator('.gv-results-legend .gv-dashed').count()).toBe(2);
    // The URL now names the view, the sweep and the metric.
    await page.waitForFunction(() => new URL(location.href).searchParams.get('sweep') === 'sweep-a');
    expect(new URL(page.url()).searchParams.get('view')).toBe('results');
    await page.close();
  });

  it('shows a point numbers on hover and opens its run at the measurement window on click', async () => {
    const page = await openResults('view=results&sweep=sweep-a');
    const point = await page.evaluate(() =>
      (window as unknown as { gpuviz: { results: Results } }).gpuviz.results.pointAt(1, 1),
    );
    await page.mouse.move(point!.x, point!.y);
    const tip = page.locator('.gv-results-tip');
    await tip.waitFor({ state: 'visible' });
    expect(await tip.locator('.gv-tip-title').getAttribute('data-series')).toBe('1');
    const text = (await tip.textContent())!;
    expect(text).toContain('isolated');
    expect(text).toContain('jobsPerHour = 4');
    expect(text).toContain('n = 2');
    const r = row('isolated', 4);
    const mean = Number(r.mean) / 3600;
    expect(text).toContain(`mean ${mean >= 10 ? mean.toFixed(1) : mean.toPrecision(3)} ±`);
    expect(text).toMatch(/seed 1: .*seed 2: /);

    // The replicate closest to the mean is the one opened.
    const candidates = runs.filter((x) => x.policy === 'isolated' && x.jobsPerHour === '4');
    const closest = candidates.reduce((best, x) =>
      Math.abs(Number(x.avgJct) - Number(r.mean)) < Math.abs(Number(best.avgJct) - Number(r.mean)) ? x : best,
    );
    await Promise.all([page.waitForURL(/[?&]at=window/), page.mouse.click(point!.x, point!.y)]);
    await page.waitForFunction(
      () => (window as unknown as { gpuviz: { lastLoad?: unknown } }).gpuviz.lastLoad !== undefined,
    );
    expect(await page.locator('.gv-pane[data-pane="A"] .gv-pane-title').textContent()).toContain(
      closest.name,
    );
    // At the window: the round of the first arrival among job ids 4..12.
    const file = readRunFile(readFileSync(join(dir, 'sweep-a', closest.name!, 'run.gpuviz')));
    let first = Number.POSITIVE_INFINITY;
    file.jobs.id.forEach((id, j) => {
      if (id >= 4 && id <= 12) first = Math.min(first, file.jobs.arrival[j]!);
    });
    const expected = [...file.roundTimes].findLastIndex((t) => t <= first);
    const round = await page.evaluate(
      () => (window as unknown as { gpuviz: { round: number } }).gpuviz.round,
    );
    expect(round).toBe(Math.max(0, expected));
    // The shared URL then keeps that round.
    await page.waitForFunction((n) => new URL(location.href).searchParams.get('round') === String(n), round);
    expect(new URL(page.url()).searchParams.get('at')).toBeNull();
    // Back returns to the figure.
    await page.goBack();
    await page.waitForFunction(
      () => (window as unknown as { gpuviz?: { view: string } }).gpuviz?.view === 'results',
    );
    await page.close();
  });

  it('switches metric (curves only where they compare) and opens a shared URL on that metric', async () => {
    const page = await openResults('view=results&sweep=sweep-a');
    await page.locator('.gv-metric').selectOption('utilization');
    const switched = await results(page);
    expect(switched.metric).toBe('utilization');
    expect(switched.plot!.curves).toEqual([]);
    const util = row('fifo', 8, 'utilization');
    expect(switched.plot!.series[0]!.mean[2]).toBeCloseTo(Number(util.mean), 12);
    await page.waitForFunction(() => new URL(location.href).searchParams.get('metric') === 'utilization');
    const shared = page.url();
    await page.close();

    const again = await openResults(new URL(shared).search.slice(1));
    expect((await results(again)).metric).toBe('utilization');
    await again.close();
  });

  it('draws a results document from another experiment, with its run links', async () => {
    const page = await openResults('view=results&sweep=arrivals.results.json');
    const { plot, error } = await results(page);
    expect(error).toBeUndefined();
    expect(plot!.xs).toEqual([10, 20]);
    expect(plot!.series[0]!.mean[0]).toBeCloseTo(0.2, 12);
    const point = await page.evaluate(() =>
      (window as unknown as { gpuviz: { results: Results } }).gpuviz.results.pointAt(0, 0),
    );
    await Promise.all([page.waitForURL(/[?&]round=3/), page.mouse.click(point!.x, point!.y)]);
    await page.waitForFunction(
      () => (window as unknown as { gpuviz: { lastLoad?: unknown } }).gpuviz.lastLoad !== undefined,
    );
    expect(await page.evaluate(() => (window as unknown as { gpuviz: { round: number } }).gpuviz.round)).toBe(
      3,
    );
    await page.close();
  });

  it('on a sweep kept without its run files, says so, gives the command that makes a run, and opens it once made', async () => {
    const page = await openResults('view=results&sweep=sweep-lite');
    const { plot } = await results(page);
    expect(plot!.series[1]!.mean[1]).toBeCloseTo(Number(row('isolated', 4).mean) / 3600, 9);
    expect(await page.locator('.gv-results-status').textContent()).toContain(
      'no run file is on disk, click a point for the command that makes its run',
    );
    const point = await page.evaluate(() =>
      (window as unknown as { gpuviz: { results: Results } }).gpuviz.results.pointAt(1, 1),
    );
    await page.mouse.move(point!.x, point!.y);
    await page.locator('.gv-results-tip').waitFor({ state: 'visible' });
    expect(await page.locator('.gv-results-tip').textContent()).toMatch(
      /isolated-r4-s\d: run file not on disk; click for the command that makes it/,
    );
    await page.mouse.click(point!.x, point!.y);
    const notice = page.locator('.gv-results-notice');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.textContent()).toContain('its run file is not on disk');
    const command = (await notice.locator('.gv-regenerate').textContent())!;
    const name = (await notice.locator('b').textContent())!;
    const index = runs.find((r) => r.name === name)!.index;
    expect(command).toBe(
      `npx gpusim sweep task ${join(dir, 'inputs', 'sweep-a.yaml')} --index ${index} --out ${join(dir, 'sweep-lite')}`,
    );
    expect(page.url()).not.toMatch(/[?&]run=/);
    // Run the command as a user would, from the repository root, then click again: the run opens.
    const gpusim = fileURLToPath(new URL('../../scheduler/bin/gpusim.js', import.meta.url));
    const args = command.replace(/^npx gpusim /, '').split(' ');
    await promisify(execFile)(process.execPath, [gpusim, ...args], { cwd: repoRoot(), timeout: 60_000 });
    expect(existsSync(join(dir, 'sweep-lite', name, 'run.gpuviz'))).toBe(true);
    await Promise.all([page.waitForURL(/[?&]at=window/), page.mouse.click(point!.x, point!.y)]);
    await page.waitForFunction(
      () => (window as unknown as { gpuviz: { lastLoad?: unknown } }).gpuviz.lastLoad !== undefined,
    );
    expect(await page.locator('.gv-pane[data-pane="A"] .gv-pane-title').textContent()).toContain(name);
    await page.close();
  });

  it('says so when a sweep is not listed', async () => {
    const page = await openResults('view=results&sweep=nope');
    expect((await results(page)).error).toBe('nope: not a listed sweep: nope');
    expect(await page.locator('.gv-results-error').isVisible()).toBe(true);
    await page.close();
  });
});
