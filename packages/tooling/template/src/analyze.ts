import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAnalysis } from 'charts';
import { runCli } from 'kit';

/** Count the data rows of every CSV in data/; the figures the post quotes go in summary.json. */
export function summarise(dataDir: string): { rows: Record<string, number> } {
  const rows: Record<string, number> = {};
  let total = 0;
  const files = readdirSync(dataDir)
    .filter((file) => file.endsWith('.csv'))
    .sort();
  for (const file of files) {
    const lines = readFileSync(join(dataDir, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    rows[file] = Math.max(0, lines.length - 1);
    total += rows[file];
  }
  return { rows: { ...rows, total } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  await runCli('analyze', () =>
    writeAnalysis({
      summary: summarise(join(root, 'data')),
      summaryFile: join(root, 'data', 'summary.json'),
      chartsDir: join(root, 'charts'),
      // Chart name -> Vega-Lite spec built from the summary: each is written light and dark, SVG and PNG.
      specs: {},
    }),
  );
}
