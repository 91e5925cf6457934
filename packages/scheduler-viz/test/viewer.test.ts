import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from 'kit';
import { chromiumMissing, describeUnless } from 'kit/testing';
import type { Browser, Page } from 'playwright-core';
import type { RunFile } from 'scheduler/format';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeRealRun, makeSharedRun } from './helpers/runs.ts';
import { runUrl, startViewerServer } from './helpers/server.ts';

interface Real {
  file: RunFile;
  rounds: Record<string, string>[];
}

let dir: string;
let server: ViteDevServer;
let base: string;
let browser: Browser;
let runA: Real;
let runB: Real;
let shared: RunFile;

const noChromium = chromiumMissing();

beforeAll(async () => {
  if (noChromium) return;
  dir = mkdtempSync(join(tmpdir(), 'gpuviz-test-'));
  [runA, runB] = await Promise.all([
    makeRealRun(join(dir, 'seed-3'), 3),
    makeRealRun(join(dir, 'seed-4'), 4, 720),
  ]);
  const bytes = readFileSync(join(dir, 'seed-3', 'run.gpuviz'));
  bytes[Math.floor(bytes.length / 2)]! ^= 0x40;
  writeFileSync(join(dir, 'corrupt.gpuviz'), bytes);
  copyFileSync(join(dir, 'seed-3', 'rounds.csv'), join(dir, 'not-a-run.gpuviz'));
  shared = await makeSharedRun(join(dir, 'shared'));
  ({ server, url: base } = await startViewerServer(dir));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openViewer(query: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${base}/?${query}`);
  if (!query.includes('run=')) return page;
  await page.waitForFunction(() => {
    const viewer = (window as unknown as { gpuviz?: { lastLoad?: unknown; error?: string } }).gpuviz;
    return viewer?.lastLoad !== undefined || viewer?.error !== undefined;
  });
  return page;
}

const A = runUrl('seed-3/run.gpuviz');
const B = runUrl('seed-4/run.gpuviz');
const roundOf = (page: Page, pane = 'A') =>
  page.locator(`.gv-pane[data-pane="${pane}"] .gv-pane-round`).textContent();

/**
 * Hovers GPU `gpu` of pane A until its tooltip shows, and returns where. Under a loaded machine the
 * grid can still be laying out when the first move arrives, so each try asks the viewer afresh where
 * the GPU is and moves there again (a real mouse keeps moving too).
 */
async function hoverGpu(page: Page, gpu: number): Promise<{ x: number; y: number }> {
  const tip = page.locator('.gv-pane[data-pane="A"] .gv-tooltip');
  for (let attempt = 0; ; attempt++) {
    const point = (await page.evaluate(
      (g) => (window as unknown as { gpuviz: { gpuPoint(g: number): unknown } }).gpuviz.gpuPoint(g),
      gpu,
    )) as { x: number; y: number };
    await page.mouse.move(point.x + (attempt % 2), point.y);
    try {
      await tip.waitFor({ state: 'visible', timeout: 2_000 });
      return point;
    } catch (error) {
      if (attempt >= 10) throw error;
    }
  }
}

async function panelValues(page: Page, pane = 'A'): Promise<Record<string, string>> {
  return page.$$eval(`.gv-pane[data-pane="${pane}"] td[data-metric]`, (cells) =>
    Object.fromEntries(
      cells.map((cell) => [(cell as HTMLElement).dataset.metric!, (cell as HTMLElement).dataset.value!]),
    ),
  );
}

function expectPanelMatchesCsv(panel: Record<string, string>, row: Record<string, string>): void {
  const columns = Object.keys(row).filter((c) => c !== 'round');
  expect(Object.keys(panel).sort()).toEqual(columns.sort());
  for (const column of columns) {
    const expected = row[column] === '' ? Number.NaN : Number(row[column]);
    const shown = Number(panel[column]);
    if (Number.isNaN(expected)) expect(shown, column).toBeNaN();
    else expect(shown, column).toBeCloseTo(expected, 9);
  }
}

describeUnless(noChromium, 'scheduler-viz in Chromium on a real gpusim run', () => {
  it('shows, for round r, the metrics of row r of rounds.csv', async () => {
    const last = runA.file.roundCount - 1;
    for (const r of [0, Math.floor(last / 3), last]) {
      const page = await openViewer(`run=${encodeURIComponent(A)}&round=${r}`);
      expect(await roundOf(page)).toContain(`round ${r} `);
      const row = runA.rounds[r]!;
      expect(Number(row.round)).toBe(r);
      expectPanelMatchesCsv(await panelValues(page), row);
      await page.close();
    }
  });

  it('plays back with the keyboard and keeps the round in the URL', async () => {
    const page = await openViewer(`run=${encodeURIComponent(A)}&round=10`);
    const round = () =>
      page.evaluate(() => (window as unknown as { gpuviz: { round: number } }).gpuviz.round);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await round()).toBe(12);
    await page.keyboard.press('ArrowLeft');
    expect(await round()).toBe(11);
    await page.keyboard.press('End');
    expect(await round()).toBe(runA.file.roundCount - 1);
    await page.keyboard.press('Home');
    expect(await round()).toBe(0);
    expectPanelMatchesCsv(await panelValues(page), runA.rounds[0]!);
    await page.keyboard.press('Space');
    await page.waitForFunction(() => (window as unknown as { gpuviz: { round: number } }).gpuviz.round >= 3);
    await page.keyboard.press('Space');
    const paused = await round();
    await page.waitForTimeout(400);
    expect(await round()).toBe(paused);
    expectPanelMatchesCsv(await panelValues(page), runA.rounds[paused]!);
    await page.waitForFunction((r) => new URL(location.href).searchParams.get('round') === String(r), paused);
    await page.close();
  });

  it('shows the right job when hovering a known GPU, and its history on click', async () => {
    const file = runA.file;
    const round = Math.floor(file.roundCount / 4);
    const owners = file.ownersAt(round);
    const gpu = owners.findIndex((j) => j >= 0);
    expect(gpu).toBeGreaterThanOrEqual(0);
    const job = owners[gpu]!;
    const page = await openViewer(`run=${encodeURIComponent(A)}&round=${round}`);
    const { x, y } = await hoverGpu(page, gpu);
    const tip = page.locator('.gv-pane[data-pane="A"] .gv-tooltip');
    expect(await tip.locator('.gv-tip-title').getAttribute('data-job')).toBe(String(file.jobs.id[job]));
    const text = await tip.textContent();
    expect(text).toContain(file.jobs.jobType[job]!);
    expect(text).toContain(`scale factor ${file.jobs.scaleFactor[job]}`);
    expect(text).toContain(`GPU ${gpu} ·`);
    // An idle GPU says so.
    const idle = owners.findIndex((j) => j < 0);
    if (idle >= 0) {
      const p = (await page.evaluate(
        (g) => (window as unknown as { gpuviz: { gpuPoint(g: number): unknown } }).gpuviz.gpuPoint(g),
        idle,
      )) as { x: number; y: number };
      await page.mouse.move(p.x, p.y);
      await expect.poll(() => tip.locator('.gv-tip-title').textContent()).toBe('idle');
    }
    await page.mouse.click(x, y);
    const history = page.locator('.gv-pane[data-pane="A"] .gv-job');
    await history.waitFor({ state: 'visible' });
    expect(await history.textContent()).toContain(`job ${file.jobs.id[job]}`);
    const firstRound = file.jobRounds(job)[0]!;
    expect(await history.textContent()).toContain(`rounds ${firstRound.round}–`);
    await page.close();
  });

  it('draws a shared GPU as sub-cells and lists its holders', async () => {
    const round = shared.roundCount - 1;
    const shares = shared.sharesAt(round);
    // A GPU with two holders, and a GPU of the same node id range held whole.
    const i = [...shares.gpus].findIndex((_, k) => shares.offsets[k + 1]! - shares.offsets[k]! >= 2);
    expect(i).toBeGreaterThanOrEqual(0);
    const gpu = shares.gpus[i]!;
    const page = await openViewer(`run=${encodeURIComponent(runUrl('shared/run.gpuviz'))}&round=${round}`);
    const colours = (await page.evaluate((g) => {
      const viewer = (window as unknown as { gpuviz: { gpuPoint(g: number): { x: number; y: number } } })
        .gpuviz;
      const canvas = document.querySelector<HTMLCanvasElement>('.gv-pane[data-pane="A"] canvas.gv-grid')!;
      const here = viewer.gpuPoint(g);
      const next = viewer.gpuPoint(g + 1);
      const rect = canvas.getBoundingClientRect();
      const scale = canvas.width / rect.width;
      const cell = Math.abs(next.x - here.x) * scale;
      const cx = (here.x - rect.left) * scale;
      const cy = Math.round((here.y - rect.top) * scale);
      const from = Math.ceil(cx - cell / 2 + 1);
      const to = Math.floor(cx + cell / 2 - 2);
      const pixels = canvas.getContext('2d')!.getImageData(from, cy, to - from + 1, 1).data;
      const seen = new Set<string>();
      for (let p = 0; p < pixels.length; p += 4) seen.add(`${pixels[p]},${pixels[p + 1]},${pixels[p + 2]}`);
      return [...seen];
    }, gpu)) as string[];
    // Two holders (and maybe an idle remainder): at least two colours inside one cell.
    expect(colours.length).toBeGreaterThanOrEqual(2);
    await hoverGpu(page, gpu);
    const tip = page.locator('.gv-pane[data-pane="A"] .gv-tooltip');
    const text = (await tip.locator('.gv-tip-shared').textContent()) ?? '';
    for (let k = shares.offsets[i]!; k < shares.offsets[i + 1]!; k++) {
      expect(text).toContain(
        `job ${shared.jobs.id[shares.owner[k]!]} ${(shares.milli[k]! / 1000).toFixed(2)}`,
      );
    }
    await page.close();
  });

  it('keeps both runs on the same round in compare mode', async () => {
    const page = await openViewer(`run=${encodeURIComponent(A)}&compare=${encodeURIComponent(B)}&round=20`);
    await page.locator('.gv-pane[data-pane="B"]').waitFor();
    expect(await roundOf(page, 'A')).toContain('round 20 ');
    expect(await roundOf(page, 'B')).toContain('round 20 ');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    expect(await roundOf(page, 'A')).toContain('round 21 ');
    expect(await roundOf(page, 'B')).toContain('round 21 ');
    expectPanelMatchesCsv(await panelValues(page, 'B'), runB.rounds[21]!);
    await page.keyboard.press('End');
    const lastA = runA.file.roundCount - 1;
    const lastB = runB.file.roundCount - 1;
    expect(await roundOf(page, 'A')).toContain(`round ${lastA} `);
    expect(await roundOf(page, 'B')).toContain(`round ${Math.min(lastA, lastB)} `);
    // Aligned by simulated time, B shows its last round starting at or before A's time.
    await page.locator('.gv-align').selectOption('time');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Home');
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
    const timeA = runA.file.roundTimes[7]!;
    const expectedB = [...runB.file.roundTimes].findLastIndex((t) => t <= timeA);
    expect(expectedB).toBe(3);
    expect(await roundOf(page, 'B')).toContain(`round ${expectedB} `);
    expectPanelMatchesCsv(await panelValues(page, 'B'), runB.rounds[expectedB]!);
    // The second run's series are dashed in the charts.
    expect(await page.evaluate(() => document.querySelectorAll('.gv-chart').length)).toBe(6);
    await page.close();
  });

  it('shows a clear error for a corrupt or foreign file, never a blank page', async () => {
    const page = await openViewer(`run=${encodeURIComponent(runUrl('corrupt.gpuviz'))}`);
    const error = page.locator('.gv-error');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toMatch(/checksum mismatch \(the file is corrupt\) at byte \d+/);
    expect(await page.locator('.gv-toolbar').isVisible()).toBe(true);
    await page.locator('.gv-open-file').setInputFiles(join(dir, 'not-a-run.gpuviz'));
    await expect
      .poll(() => error.textContent())
      .toMatch(/^not-a-run\.gpuviz: not a run\.gpuviz file at byte 0 \(file header\): expected magic/);
    await page.close();
  });

  it('opens a dropped file and switches theme', async () => {
    const page = await openViewer('');
    const bytes = [...readFileSync(join(dir, 'seed-4', 'run.gpuviz'))];
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'dropped.gpuviz'));
      document
        .querySelector('.gv-root')!
        .dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    await page.waitForFunction(
      () => (window as unknown as { gpuviz: { lastLoad?: unknown } }).gpuviz.lastLoad !== undefined,
    );
    expect(await page.locator('.gv-pane[data-pane="A"] .gv-pane-title').textContent()).toContain(
      'dropped.gpuviz',
    );
    expectPanelMatchesCsv(await panelValues(page), runB.rounds[0]!);
    const theme = () => page.evaluate(() => document.querySelector<HTMLElement>('.gv-root')!.dataset.theme);
    const before = await theme();
    await page.locator('.gv-theme-toggle').click();
    expect(await theme()).toBe(before === 'dark' ? 'light' : 'dark');
    await page.close();
  });

  it('lists the runs folder with tags and filters by tag', async () => {
    const page = await openViewer('');
    await page.locator('.gv-runs li[data-url]').first().waitFor();
    // Two Philly runs, the shared-GPU run and the two bad files.
    expect(await page.locator('.gv-runs li[data-url]').count()).toBe(5);
    await page.locator('select[data-tag="seed"]').selectOption('4');
    expect(await page.locator('.gv-runs li[data-url]').count()).toBe(1);
    await page.locator('.gv-runs li[data-url] button[data-action="open"]').click();
    await page.waitForFunction(
      () => (window as unknown as { gpuviz: { lastLoad?: unknown } }).gpuviz.lastLoad !== undefined,
    );
    expect(await page.locator('.gv-pane[data-pane="A"] .gv-pane-title').textContent()).toContain('seed-4');
    await page.close();
  });
});
