#!/usr/bin/env tsx
// Regenerates the screenshots in the hand-written post about dark mode: the home page in each theme.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, writeFileAtomic } from 'kit';
import { ensureBuilt } from './lib/build.ts';
import { serveStatic } from './lib/static-server.ts';

const blogDir = join(dirname(fileURLToPath(import.meta.url)), '..');
ensureBuilt(blogDir);
const site = await serveStatic(join(blogDir, 'dist'));
const browser = await launchChromium();
try {
  for (const [theme, file] of [
    ['light', 'home.png'],
    ['dark', 'home.dark.png'],
  ] as const) {
    const context = await browser.newContext({ colorScheme: theme, viewport: { width: 1000, height: 620 } });
    const page = await context.newPage();
    await page.goto(`${site.url}/`);
    await writeFileAtomic(join(blogDir, 'src', 'assets', 'notes', file), await page.screenshot());
    await context.close();
  }
} finally {
  await browser.close();
  await site.close();
}
