import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, repoRoot } from 'kit';
import { chromiumMissing, describeUnless } from 'kit/testing';
import type { Browser, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_SWEEP_PATTERNS } from '../server/sweeps.ts';
import { startViewerServer } from './helpers/server.ts';

// fgd-replication's committed results document, found where the dev server looks by default.
const KEY = 'projects/fgd-replication/data/arrivals/fgd-arrivals.results.json';
const POLICIES = ['random', 'dotprod', 'clustering', 'packing', 'bestfit', 'fgd'];

interface Doc {
  observations: { labels: Record<string, string>; x: number; values: Record<string, number | null> }[];
  reference: { y: { metric: string }; curves: { name: string; x: number[]; y: (number | null)[] }[] }[];
}

interface Plot {
  metric: string;
  xLabel: string;
  yLabel: string;
  scale: number;
  xs: number[];
  series: { label: string; mean: (number | null)[] }[];
  curves: { name: string; colour: number; y: (number | null)[] }[];
}

interface ResultsHandle {
  metric?: string;
  error?: string;
  lastDraw?: { drawMs: number };
  plot?: Plot;
  pointAt(series: number, index: number): { x: number; y: number } | undefined;
}

const handle = (page: Page) =>
  page.evaluate(() => {
    const r = (window as unknown as { gpuviz: { results: ResultsHandle } }).gpuviz.results;
    return { metric: r.metric, error: r.error, plot: JSON.parse(JSON.stringify(r.plot ?? null)) as Plot };
  });

/** The tooltip's number format, restated: 3 significant digits, 1 decimal from 10, none from 100. */
const shown = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toPrecision(3));

describeUnless(chromiumMissing(), 'the Results view on the FGD arrivals document in Chromium', () => {
  let server: ViteDevServer;
  let base: string;
  let browser: Browser;
  let emptyRuns: string;
  const doc = JSON.parse(readFileSync(join(repoRoot(), KEY), 'utf8')) as Doc;
  const saved = process.env.GPUVIZ_SWEEPS;

  beforeAll(async () => {
    // Sweeps from the default places under the repository root; runs from an empty folder, so
    // the linked run files (made on demand, not in git) are absent whatever this checkout holds.
    emptyRuns = mkdtempSync(join(tmpdir(), 'gpuviz-fgd-runs-'));
    process.env.GPUVIZ_SWEEPS = DEFAULT_SWEEP_PATTERNS.join(',');
    ({ server, url: base } = await startViewerServer(emptyRuns));
    browser = await launchChromium();
  });

  /** The document's figure on one metric, through a shared URL, once drawn. */
  async function openFigure(metric: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    await page.goto(`${base}/?view=results&sweep=${encodeURIComponent(KEY)}&metric=${metric}`);
    await page.waitForFunction(
      () =>
        (window as unknown as { gpuviz: { results: ResultsHandle } }).gpuviz.results.lastDraw !== undefined,
    );
    return page;
  }

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (saved === undefined) delete process.env.GPUVIZ_SWEEPS;
    else process.env.GPUVIZ_SWEEPS = saved;
    if (emptyRuns) rmSync(emptyRuns, { recursive: true, force: true });
  });

  it('lists the document, switches metric, and draws the six policies against the paper with its labels', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    await page.goto(`${base}/?view=results`);
    const option = page.locator(`.gv-sweep option[value="${KEY}"]`);
    await option.waitFor({ state: 'attached' });
    expect(await option.textContent()).toBe(`fgd-arrivals · ${6 * 10 * 131} observations · ${KEY}`);
    await page.locator('.gv-sweep').selectOption(KEY);
    await page.waitForFunction(
      () =>
        (window as unknown as { gpuviz: { results: ResultsHandle } }).gpuviz.results.lastDraw !== undefined,
    );
    expect((await handle(page)).metric).toBe('unallocated_gpu');
    expect(await page.locator('.gv-metric option').allTextContents()).toEqual([
      'unallocated_gpu',
      'frag_rate',
      'frag_over_total',
      'occupied_nodes',
    ]);
    // Fig. 7b was traced for three policies only: three dashed curves.
    await page.locator('.gv-metric').selectOption('frag_over_total');
    let { plot } = await handle(page);
    expect([plot.metric, plot.yLabel]).toEqual(['frag_over_total', 'Frag / Total (%)']);
    expect(plot.curves.map((c) => c.name)).toEqual(['paper: Random', 'paper: Clustering', 'paper: FGD']);
    expect(await page.locator('.gv-results-legend .gv-dashed').count()).toBe(3);

    await page.locator('.gv-metric').selectOption('unallocated_gpu');
    ({ plot } = await handle(page));
    expect(plot.metric).toBe('unallocated_gpu');
    expect([plot.xLabel, plot.yLabel, plot.scale]).toEqual([
      'Arrived workloads (% of cluster GPU capacity)',
      'Unallocated GPU (%)',
      1,
    ]);
    expect(plot.xs).toEqual(Array.from({ length: 131 }, (_, i) => i));
    expect(plot.series.map((s) => s.label)).toEqual(POLICIES);
    // Fig. 9a: every policy in its series' colour, and the ideal line in one of its own.
    expect(plot.curves.map((c) => c.name)).toEqual([
      'paper: Random',
      'paper: DotProd',
      'paper: Clustering',
      'paper: Packing',
      'paper: BestFit',
      'paper: FGD',
      'paper: Ideal',
    ]);
    expect(plot.curves.map((c) => c.colour)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const fig9a = doc.reference.find((set) => set.y.metric === 'unallocated_gpu')!;
    for (const [i, curve] of fig9a.curves.entries()) {
      curve.x.forEach((x, j) => {
        expect(plot.curves[i]!.y[x]).toBe(curve.y[j]);
      });
    }
    expect(await page.locator('.gv-results-legend .gv-dashed').count()).toBe(7);
    expect(await page.locator('.gv-results-legend .gv-legend-item').count()).toBe(6 + 7);
    // The means over the ten seeds, computed here from the document itself.
    for (const [s, policy] of POLICIES.entries()) {
      for (const x of [0, 50, 90, 100, 130]) {
        const values = doc.observations
          .filter((o) => o.labels.policy === policy && o.x === x)
          .map((o) => o.values.unallocated_gpu as number);
        expect(values).toHaveLength(10);
        expect(plot.series[s]!.mean[x]).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
      }
    }
    expect(await page.locator('.gv-results-status').textContent()).toMatch(
      /^fgd-arrivals: 7860 observations \(6 runs linked\), 6 series \(drawn in \d+ ms\); no run file is on disk/,
    );
    await page.close();
  });

  it("hovers FGD at 100% for the document's mean and the paper's value, and gives the command that makes its run", async () => {
    const page = await openFigure('unallocated_gpu');
    const fgd = POLICIES.indexOf('fgd');
    const point = await page.evaluate(
      (s) => (window as unknown as { gpuviz: { results: ResultsHandle } }).gpuviz.results.pointAt(s, 100),
      fgd,
    );
    await page.mouse.move(point!.x, point!.y);
    const tip = page.locator('.gv-results-tip');
    await tip.waitFor({ state: 'visible' });
    expect(await tip.locator('.gv-tip-title').getAttribute('data-series')).toBe(String(fgd));
    const lines = await tip.locator('div').allTextContents();
    const observations = doc.observations.filter((o) => o.labels.policy === 'fgd' && o.x === 100);
    const values = observations.map((o) => o.values.unallocated_gpu as number);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
    expect(lines[0]).toBe('fgd');
    expect(lines).toContain('arrived_pct = 100');
    expect(lines).toContain(`mean ${shown(mean)} ± ${shown(sd)} (sd), n = 10`);
    for (const o of observations)
      expect(lines).toContain(`seed ${o.labels.seed}: ${shown(o.values.unallocated_gpu!)}`);
    const paper = doc.reference
      .find((set) => set.y.metric === 'unallocated_gpu')!
      .curves.find((c) => c.name === 'paper: FGD')!;
    expect(lines).toContain(`paper: FGD: ${shown(paper.y[paper.x.indexOf(100)]!)}`);
    expect(lines.at(-1)).toBe('runs/fgd-s42: run file not on disk; click for the command that makes it');

    await page.mouse.click(point!.x, point!.y);
    const notice = page.locator('.gv-results-notice');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.locator('b').textContent()).toBe('runs/fgd-s42');
    expect(await notice.locator('.gv-regenerate').textContent()).toBe(
      'npx gpusim arrivals --policy fgd --seeds 42 --record-every 10 -q --run-file projects/fgd-replication/data/arrivals/runs/fgd-s42/run.gpuviz',
    );
    expect(page.url()).not.toMatch(/[?&]run=/);
    await page.close();
  });

  it("zooms into Fig. 9a's range by dragging across x, without opening a run, and out by a double click", async () => {
    const page = await openFigure('unallocated_gpu');
    const at = (index: number) =>
      page.evaluate(
        (i) => (window as unknown as { gpuviz: { results: ResultsHandle } }).gpuviz.results.pointAt(5, i)!,
        index,
      );
    const [from, to, before] = [await at(75), await at(120), await at(100)];
    await page.mouse.move(from.x, from.y - 40);
    await page.mouse.down();
    await page.mouse.move(to.x, from.y - 40, { steps: 8 });
    await page.mouse.up();
    // 75-120 now spans the plot: x = 100 moves left of where it was, and y rescales to the
    // values in that range (FGD's ~5% climbs off the bottom of a 0-105 axis).
    const zoomed = await at(100);
    expect(zoomed.x).toBeLessThan(before.x - 50);
    expect(zoomed.y).toBeLessThan(before.y - 20);
    expect(await page.locator('.gv-results-notice').isVisible()).toBe(false);
    expect(page.url()).not.toMatch(/[?&]run=/);
    await page.mouse.dblclick(zoomed.x, zoomed.y - 60);
    const reset = await at(100);
    expect(reset.x).toBeCloseTo(before.x, 0);
    expect(reset.y).toBeCloseTo(before.y, 0);
    await page.close();
  });
});
