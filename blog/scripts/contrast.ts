#!/usr/bin/env tsx
// `npm run contrast -w blog`: measure the text contrast the dark-mode post reports, on the built site
// in Chromium, and write its figures (src/assets/notes/contrast.json), its chart in both themes
// (contrast.svg, contrast.dark.svg) and the chart's alt text in the post. Rerun after changing colours;
// the theme test fails while the post's figures are not the site's.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderChart } from 'charts';
import { launchChromium, runCli, writeFileAtomic } from 'kit';
import { ensureBuilt } from './lib/build.ts';
import { CONTRAST, contrastAlt, contrastSpec, measureContrast, withContrastAlt } from './lib/contrast.ts';
import { serveStatic } from './lib/static-server.ts';

const blogDir = join(dirname(fileURLToPath(import.meta.url)), '..');

await runCli('contrast', async () => {
  ensureBuilt(blogDir);
  const site = await serveStatic(join(blogDir, 'dist'));
  const browser = await launchChromium();
  try {
    const figures = await measureContrast(browser, `${site.url}${CONTRAST.postPath}`);
    const at = (file: string) => join(blogDir, file);
    await writeFileAtomic(at(CONTRAST.figures), `${JSON.stringify(figures, null, 2)}\n`);
    const spec = contrastSpec(figures);
    await writeFileAtomic(at(CONTRAST.chart), (await renderChart(spec, { theme: 'light' })).svg);
    await writeFileAtomic(at(CONTRAST.darkChart), (await renderChart(spec, { theme: 'dark' })).svg);
    const post = readFileSync(at(CONTRAST.post), 'utf8');
    await writeFileAtomic(at(CONTRAST.post), withContrastAlt(post, contrastAlt(figures)));
    process.stderr.write(`contrast: ${JSON.stringify(figures)}\n`);
  } finally {
    await browser.close();
    await site.close();
  }
});
