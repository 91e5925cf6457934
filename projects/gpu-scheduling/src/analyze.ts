import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { writeChart } from 'charts';
import { type Logger, repoRoot, silentLogger, writeFileAtomic } from 'kit';
import { readLpScaling } from './experiments.ts';
import { loadResults } from './load.ts';
import { resultsComplete } from './results.ts';
import { chartSpecs } from './specs.ts';
import { type Summary, summarize } from './summarize.ts';

export interface AnalyzeOptions {
  /** A sweep's results folder: summary.csv and one folder per run. */
  resultsDir: string;
  /** The cold-solve timings (optional: the LP chart then shows the runs only). */
  lpScalingFile?: string;
  summaryFile: string;
  chartsDir: string;
  /** Results of the logging experiment; used when both folders hold complete results. */
  logging?: { info: string; verbose: string };
  /** The grid's name as the summary records it. */
  gridName: string;
  logger?: Logger;
}

/** Combined CSV + each run's files -> data/summary.json + charts (SVG and PNG, light and dark). */
export async function analyze(options: AnalyzeOptions): Promise<{ summary: Summary; files: string[] }> {
  const logger = options.logger ?? silentLogger;
  const { runs, missing } = await loadResults(options.resultsDir);
  for (const run of missing) logger.warn(`run ${run.name} is ${run.state}: left out of the analysis`);
  if (runs.length === 0)
    throw new Error(
      `no finished runs in ${options.resultsDir}: expected a grid's results (npm run experiments)`,
    );
  const lpScaling =
    options.lpScalingFile && existsSync(options.lpScalingFile)
      ? await readLpScaling(options.lpScalingFile)
      : [];
  const logging =
    options.logging &&
    (await resultsComplete(options.logging.info)) &&
    (await resultsComplete(options.logging.verbose))
      ? {
          info: (await loadResults(options.logging.info)).runs,
          verbose: (await loadResults(options.logging.verbose)).runs,
        }
      : undefined;
  const resultsKey = relative(repoRoot(), options.resultsDir).split(sep).join('/');
  const summary = summarize({
    gridName: options.gridName,
    runs,
    notDone: missing.length,
    lpScaling,
    logging,
    // The viewer serves files under the repository only; a folder elsewhere gets no link.
    resultsKey: resultsKey.startsWith('..') ? undefined : resultsKey,
  });
  await writeFileAtomic(options.summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
  const files = [options.summaryFile];
  for (const [name, spec] of Object.entries(chartSpecs(summary))) {
    files.push(...(await writeChart(options.chartsDir, name, spec)));
    logger.debug(`chart ${name} written`);
  }
  logger.record('ANALYZE', { runs: runs.length, notDone: missing.length, charts: (files.length - 1) / 4 });
  return { summary, files };
}
