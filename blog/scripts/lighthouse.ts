#!/usr/bin/env tsx
// `npm run bench -w blog`: Lighthouse 12 on the built site, home page and a post with charts.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, launchChromium, oneLine } from 'kit';
import lighthouse from 'lighthouse';
import { ensureBuilt } from './lib/build.ts';
import { freePort } from './lib/free-port.ts';
import { serveStatic } from './lib/static-server.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
/** The home page and the posts with charts in light and dark copies (the heaviest pages). */
const PAGES = [
  '/',
  '/posts/how-this-site-does-dark-mode/',
  '/posts/github-outages/',
  '/posts/gpu-scheduling/',
];
const TARGET = 95;

const log = createLogger({ name: 'bench' });
const blogDir = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<number> {
  if (ensureBuilt(blogDir)) log.info('built the site first: dist/ was missing or stale');
  const site = await serveStatic(join(blogDir, 'dist'));
  const port = await freePort();
  // Launched through kit so the same Chromium and flags as the tests are used; Lighthouse
  // drives it over the debugging port.
  const browser = await launchChromium({ args: [`--remote-debugging-port=${port}`] });
  let below = 0;
  try {
    for (const path of PAGES) {
      const result = await lighthouse(site.url + path, {
        port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
      });
      if (!result) throw new Error(`lighthouse returned no result for ${path}`);
      const scores = Object.fromEntries(
        CATEGORIES.map((category) => [
          category,
          Math.round((result.lhr.categories[category]?.score ?? 0) * 100),
        ]),
      );
      below += Object.values(scores).filter((score) => score < TARGET).length;
      const failing = Object.values(result.lhr.audits)
        .filter(
          (audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative',
        )
        .map((audit) => audit.id);
      console.log(
        `${path.padEnd(42)} ${CATEGORIES.map((category) => `${category} ${scores[category]}`).join('  ')}`,
      );
      log.record('LIGHTHOUSE', {
        path,
        ...scores,
        lcpMs: Math.round(result.lhr.audits['largest-contentful-paint']?.numericValue ?? 0),
        failing,
      });
    }
  } finally {
    await browser.close();
    await site.close();
  }
  if (below > 0) log.warn(`${below} score(s) below ${TARGET}`);
  return below > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log.error(oneLine(error));
    process.exitCode = 1;
  },
);
