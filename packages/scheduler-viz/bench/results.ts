// Results view benchmark in real Chromium (part of `npm run bench -w scheduler-viz`). Prints
// figures, asserts nothing. A sweep of 190 runs shaped like Gavel's Figure 11a (2 policies x 19
// rates x 5 seeds) is written as a results folder (sweep.json, status files, each run's
// summary.json; no run files, which the view never reads), served by the app's own Vite server and
// opened in the Results view; then the committed figures of projects/gavel-replication, when there.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, repoRoot } from 'kit';
import type { Page } from 'playwright-core';
import { parseSweepSource, planSweep, writeManifest } from 'scheduler';
import { startViewerServer } from '../test/helpers/server.ts';

const RATES = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.2, 2.4, 2.5, 2.6, 2.8, 2.9, 3.0, 3.1, 3.3];
const dir = mkdtempSync(join(tmpdir(), 'gpuviz-results-bench-'));
const out = join(dir, 'fig11a');
const file = join(dir, 'fig11a.yaml');
const text = `name: fig11a
base: { cluster: "v100=36,p100=36,k80=36", gpusPerNode: 1, window: "4000:5000" }
axes:
  policy: [finish-time-fairness, finish-time-fairness-agnostic]
  jobsPerHour: [${RATES.join(', ')}]
  seed: [0, 1, 2, 3, 4]
runName: "{policy}-r{jobsPerHour}-s{seed}"
results: { x: jobsPerHour, accept: [window] }
`;
writeFileSync(file, text);
const plan = planSweep(parseSweepSource(text, file));
mkdirSync(join(out, 'status'), { recursive: true });
await writeManifest(plan, out);
let state = 7;
const random = () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 2 ** 32;
};
for (const run of plan.runs) {
  const rate = Number(run.labels.jobsPerHour);
  const aware = run.labels.policy === 'finish-time-fairness';
  const knee = aware ? 2.8 : 2.3;
  const saturated = rate > knee + 0.3;
  const jct = 3600 * (aware ? 17 : 24) * (1 + (rate / knee) ** 6) * (0.9 + 0.2 * random());
  mkdirSync(join(out, run.name), { recursive: true });
  writeFileSync(
    join(out, run.name, 'summary.json'),
    JSON.stringify({
      endReason: saturated ? 'jct-cutoff' : 'window',
      metrics: {
        avgJct: jct,
        makespan: jct * 40,
        utilization: Math.min(1, rate / 3.3),
        utilizationByType: { v100: 0.9, p100: 0.8, k80: 0.7 },
        finishTimeFairness: { mean: 1 + random(), max: 3 + random() },
        jobsCompleted: 1000,
      },
    }),
  );
  writeFileSync(
    join(out, 'status', `${run.name}.json`),
    JSON.stringify({
      index: run.index,
      name: run.name,
      state: 'done',
      configHash: run.configHash,
      log: '',
      finishedAt: '',
    }),
  );
}

interface Draw {
  fetchMs: number;
  drawMs: number;
  observations: number;
}

/** Opens one listed sweep in the Results view five times; the median draw. */
async function measure(page: Page, url: string, key: string): Promise<Draw> {
  const draws: Draw[] = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${url}/?view=results&sweep=${encodeURIComponent(key)}`);
    await page.waitForFunction(
      () => {
        const r = (window as unknown as { gpuviz: { results: { lastDraw?: unknown; error?: string } } })
          .gpuviz.results;
        return r.lastDraw !== undefined || r.error !== undefined;
      },
      null,
      { timeout: 60_000 },
    );
    draws.push(
      await page.evaluate(() => {
        const r = (window as unknown as { gpuviz: { results: { lastDraw?: Draw; error?: string } } }).gpuviz
          .results;
        if (r.error) throw new Error(r.error);
        return r.lastDraw!;
      }),
    );
  }
  draws.sort((a, b) => a.fetchMs + a.drawMs - (b.fetchMs + b.drawMs));
  return draws[2]!;
}

const line = (label: string, d: Draw) =>
  `results view, ${label}, ${d.observations} runs: fetch ${d.fetchMs.toFixed(0)} ms (the server reads sweep.json and every summary.json), aggregate + draw ${d.drawMs.toFixed(0)} ms, total ${(d.fetchMs + d.drawMs).toFixed(0)} ms (median of 5; target < 1000 ms)`;

const browser = await launchChromium();
const figures: { synthetic?: Draw; switchMs?: number; committed: Record<string, Draw> } = { committed: {} };
try {
  const { server, url } = await startViewerServer(dir);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Warm the dev server's module transforms so the figure is the app's, not Vite's first compile.
    await page.goto(`${url}/`);
    await page.waitForFunction(() => (window as unknown as { gpuviz?: unknown }).gpuviz !== undefined);
    const median = await measure(page, url, 'fig11a');
    figures.synthetic = median;
    const switches = await page.evaluate(async () => {
      const view = (window as unknown as { gpuviz: { results: { setMetric(m: string): void } } }).gpuviz
        .results;
      const times: number[] = [];
      for (const metric of ['utilization', 'makespan', 'avgJct', 'finishTimeFairness.max', 'avgJct']) {
        const t = performance.now();
        view.setMetric(metric);
        await new Promise((resolve) => requestAnimationFrame(resolve));
        times.push(performance.now() - t);
      }
      return times.sort((a, b) => a - b);
    });
    console.log(line('synthetic Figure 11a', median));
    console.log(
      `metric switch and redraw: median ${switches[2]!.toFixed(1)} ms, max ${switches.at(-1)!.toFixed(1)} ms`,
    );
    figures.switchMs = switches[2]!;
  } finally {
    await server.close();
  }
  // The committed figures of projects/gavel-replication, real summaries, when they are there.
  const committed = join(repoRoot(), 'projects', 'gavel-replication', 'data');
  const names = ['fig9a', 'fig10a', 'fig11a'].filter((name) =>
    existsSync(join(committed, name, 'sweep.json')),
  );
  if (names.length) {
    const { server, url } = await startViewerServer(committed);
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${url}/`);
      await page.waitForFunction(() => (window as unknown as { gpuviz?: unknown }).gpuviz !== undefined);
      for (const name of names) {
        const draw = await measure(page, url, name);
        figures.committed[name] = draw;
        console.log(line(`committed ${name}`, draw));
      }
    } finally {
      await server.close();
    }
  }
  console.log('BENCH', JSON.stringify({ results: figures }));
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
