import { join } from 'node:path';
import { type Logger, writeFileAtomic } from 'kit';
import { renderChart, type TopLevelSpec } from './render.ts';

/** The files one chart becomes: light and dark, each as SVG and PNG. */
export function chartFiles(name: string): { svg: string; png: string; darkSvg: string; darkPng: string } {
  return { svg: `${name}.svg`, png: `${name}.png`, darkSvg: `${name}.dark.svg`, darkPng: `${name}.dark.png` };
}

/**
 * Render `spec` in both themes and write `<name>.svg`, `<name>.png`, `<name>.dark.svg`,
 * `<name>.dark.png` into `dir`, each atomically. Returns the paths written.
 */
export async function writeChart(dir: string, name: string, spec: TopLevelSpec): Promise<string[]> {
  if (!/^[a-z0-9][a-z0-9-_]*$/i.test(name))
    throw new Error(`chart name "${name}": expected letters, digits, - or _`);
  const files = chartFiles(name);
  const light = await renderChart(spec, { theme: 'light' });
  const dark = await renderChart(spec, { theme: 'dark' });
  const writes: [string, string | Uint8Array][] = [
    [files.svg, light.svg],
    [files.png, light.png],
    [files.darkSvg, dark.svg],
    [files.darkPng, dark.png],
  ];
  const paths = writes.map(([file]) => join(dir, file));
  await Promise.all(writes.map(([file, data]) => writeFileAtomic(join(dir, file), data)));
  return paths;
}

export interface WriteAnalysisOptions {
  /** The figures every chart and the post read; written as formatted JSON when given. */
  summary?: unknown;
  summaryFile?: string;
  chartsDir: string;
  /** Chart name -> spec, each written by writeChart. */
  specs: Record<string, TopLevelSpec>;
  logger?: Logger;
}

/**
 * The tail every analysis ends with: write summary.json (atomically), then every chart in both themes.
 * Without a summary only the charts are written (rebuilt from a committed summary). Returns the
 * files written, the summary first.
 */
export async function writeAnalysis(options: WriteAnalysisOptions): Promise<string[]> {
  const files: string[] = [];
  if (options.summary !== undefined) {
    if (!options.summaryFile) throw new Error('writeAnalysis: a summary needs a summaryFile to go to');
    await writeFileAtomic(options.summaryFile, `${JSON.stringify(options.summary, null, 2)}\n`);
    files.push(options.summaryFile);
  }
  for (const [name, spec] of Object.entries(options.specs)) {
    files.push(...(await writeChart(options.chartsDir, name, spec)));
    options.logger?.debug(`chart ${name} written`);
  }
  return files;
}
