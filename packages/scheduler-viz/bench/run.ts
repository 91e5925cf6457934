// Viewer benchmark in real Chromium: `npm run bench -w scheduler-viz`. Prints figures, asserts nothing.
// Two Alibaba-scale synthetic runs (6,212 GPUs, 4,500 rounds, 45,000 jobs) are written with the
// real RunRecorder into a temp folder, served by the app's own Vite server, and loaded in Chromium.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from 'kit';
import { synthesizeRun } from 'scheduler/format';
import { runUrl, startViewerServer } from '../test/helpers/server.ts';

interface Handle {
  lastLoad?: { workerMs: number; firstPaintMs: number };
  error?: string;
  round: number;
  compareRound?: number;
}

// GPUVIZ_BENCH_RUN=path/to/run.gpuviz benchmarks a real run (loaded twice for the compare figure).
const dir = mkdtempSync(join(tmpdir(), 'gpuviz-bench-'));
const sizes: number[] = [];
const real = process.env.GPUVIZ_BENCH_RUN;
for (const seed of [1, 2]) {
  const started = performance.now();
  mkdirSync(join(dir, `alibaba-${seed}`));
  const target = join(dir, `alibaba-${seed}`, 'run.gpuviz');
  if (real) {
    copyFileSync(real, target);
  } else {
    const run = synthesizeRun({
      preset: 'alibaba',
      rounds: 4500,
      jobs: 45_000,
      churn: 0.05,
      seed,
      roundDuration: 600,
    });
    writeFileSync(target, run.bytes);
  }
  sizes.push(statSync(target).size);
  console.log(
    `${real ? `copied ${real}` : 'wrote synthetic'} alibaba-${seed}: ${(sizes.at(-1)! / 1e6).toFixed(1)} MB in ${(performance.now() - started).toFixed(0)} ms`,
  );
}

const { server, url } = await startViewerServer(dir);
const browser = await launchChromium({ args: ['--js-flags=--expose-gc'] });
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  // Warm the dev server's module transforms so the figure is the app's, not Vite's first compile.
  await page.goto(`${url}/`);
  await page.waitForFunction(() => (window as unknown as { gpuviz?: unknown }).gpuviz !== undefined);

  const loads: { workerMs: number; firstPaintMs: number }[] = [];
  for (let i = 0; i < 3; i++) {
    await page.goto(`${url}/?run=${encodeURIComponent(runUrl('alibaba-1/run.gpuviz'))}&round=2000`);
    await page.waitForFunction(
      () => {
        const v = (window as unknown as { gpuviz: Handle }).gpuviz;
        return v.lastLoad !== undefined || v.error !== undefined;
      },
      null,
      { timeout: 60_000 },
    );
    const figures = await page.evaluate(() => {
      const v = (window as unknown as { gpuviz: Handle }).gpuviz;
      if (v.error) throw new Error(v.error);
      return v.lastLoad!;
    });
    loads.push(figures);
  }
  loads.sort((a, b) => a.firstPaintMs - b.firstPaintMs);
  const load = loads[1]!;

  const scrub = await page.evaluate(async () => {
    const input = document.querySelector<HTMLInputElement>('.gv-range')!;
    const max = Number(input.max);
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const round = Math.floor(Math.random() * (max + 1));
      const t = performance.now();
      input.value = String(round);
      input.dispatchEvent(new Event('input'));
      // Force style and layout so the measured time includes what the frame will need.
      void document.body.offsetHeight;
      times.push(performance.now() - t);
      if (i % 10 === 0) await new Promise((r) => requestAnimationFrame(r));
    }
    return times.sort((a, b) => a - b);
  });
  const q = (p: number) => scrub[Math.floor(p * (scrub.length - 1))]!;

  await page.evaluate(async (compareUrl) => {
    const v = (window as unknown as { gpuviz: { compare(s: { url: string }): Promise<void> } }).gpuviz;
    await v.compare({ url: compareUrl });
  }, runUrl('alibaba-2/run.gpuviz'));
  const compareRound = await page.evaluate(
    () => (window as unknown as { gpuviz: Handle }).gpuviz.compareRound,
  );
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  // usedSize is V8's heap of JS objects; backingStorageSize (recent Chromium) adds the contents of
  // ArrayBuffers (the run files' bytes, ImageData, hit maps), which live outside it.
  const heap = (await cdp.send('Runtime.getHeapUsage')) as {
    usedSize: number;
    totalSize: number;
    backingStorageSize?: number;
  };
  const buffers = heap.backingStorageSize ?? 0;

  console.log(`run files: ${sizes.map((s) => `${(s / 1e6).toFixed(1)} MB`).join(', ')}`);
  console.log(
    `load to first paint: ${load.firstPaintMs.toFixed(0)} ms (median of 3; worker fetch+decode+validate+derive ${load.workerMs.toFixed(0)} ms; target <= 2000 ms)`,
  );
  console.log(
    `scrub to a random round and paint: median ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms, max ${q(1).toFixed(2)} ms over ${scrub.length} moves (targets 16 / 33 ms)`,
  );
  console.log(
    `JS heap after loading two runs (compare mode, round ${compareRound}), after GC: ${(heap.usedSize / 1e6).toFixed(1)} MB of JS objects + ${(buffers / 1e6).toFixed(1)} MB of ArrayBuffer contents (target <= 150 MB)`,
  );
  console.log(
    'BENCH',
    JSON.stringify({
      firstPaintMs: load.firstPaintMs,
      workerMs: load.workerMs,
      scrubMedianMs: q(0.5),
      scrubP95Ms: q(0.95),
      heapUsedBytes: heap.usedSize,
      arrayBufferBytes: buffers,
    }),
  );
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
