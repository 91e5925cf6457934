import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeChart } from 'charts';
import { createLogger, writeFileAtomic } from 'kit';
import { loadInputs } from './load.ts';
import { chartSpecs } from './specs.ts';
import { summarize } from './summarize.ts';

/** data/ -> data/summary.json and charts/ (light and dark, SVG and PNG). */
export async function analyze(projectDir: string): Promise<string[]> {
  const dataDir = join(projectDir, 'data');
  const inputs = loadInputs(dataDir);
  const summary = summarize(inputs);
  const files = [join(dataDir, 'summary.json')];
  await writeFileAtomic(files[0]!, `${JSON.stringify(summary, null, 2)}\n`);
  for (const [name, spec] of Object.entries(chartSpecs(inputs))) {
    files.push(...(await writeChart(join(projectDir, 'charts'), name, spec)));
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const log = createLogger({ level: 'info', name: 'fgd-replication' });
  const files = await analyze(fileURLToPath(new URL('..', import.meta.url)));
  log.info(`wrote ${files.length} files (summary.json and ${(files.length - 1) / 4} charts)`);
}
