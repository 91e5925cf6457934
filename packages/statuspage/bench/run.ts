// Full scrape of the replicated GitHub history (shared datasets), or of the small fixture site when
// the shared folder is absent. Prints wall time, pages, requests and peak memory. Target: <= 60 s.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from 'kit';
import { scrape } from '../src/scrape.ts';
import { startReplica } from '../test/replica/server.ts';
import { fixtureSource, githubSource } from '../test/replica/source.ts';

const delayMs = Number(process.env.BENCH_DELAY_MS ?? 0);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const source = githubSource() ?? fixtureSource();
if (source.name !== 'GitHub')
  process.stderr.write('bench: shared GitHub datasets absent, using the fixture site\n');
const replica = await startReplica(source);
const out = await mkdtemp(join(tmpdir(), 'statuspage-bench-'));
const browser = await launchChromium();
try {
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const started = performance.now();
  const result = await scrape({ site: replica.url, out, browser, concurrency, http: { delayMs } });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const ok = result.total === source.records.length;
  process.stdout.write(
    `BENCH ${JSON.stringify({
      site: source.name,
      incidents: result.total,
      expected: source.records.length,
      pages: result.pages,
      requests: result.requests,
      concurrency,
      delayMs,
      seconds: Number(seconds.toFixed(1)),
      incidentsPerSecond: Math.round(result.total / seconds),
      peakRssMb: Math.round(peak / 2 ** 20),
      targetSeconds: 60,
      ok: ok && seconds <= 60,
    })}\n`,
  );
  if (!ok) process.exitCode = 1;
} finally {
  await browser.close();
  await replica.close();
  await rm(out, { recursive: true, force: true });
}
