import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { writeAnalysis } from 'charts';
import { InputError, type Logger, repoRoot, silentLogger } from 'kit';
import { devlogFigures } from './devlog.ts';
import { readLpScaling } from './experiments.ts';
import { readGavelRuns } from './gavel.ts';
import { loadResults } from './load.ts';
import { PREVIOUS } from './previous.ts';
import { gridDone, resultsComplete } from './results.ts';
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
  /** Results of Gavel's integration test (src/grids/gavel.yaml); used when every run is done. */
  gavelDir?: string;
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
  const gavel =
    options.gavelDir && (await gridDone(options.gavelDir))
      ? await readGavelRuns(options.gavelDir)
      : undefined;
  const resultsKey = relative(repoRoot(), options.resultsDir).split(sep).join('/');
  const summary = summarize({
    gridName: options.gridName,
    runs,
    notDone: missing.length,
    lpScaling,
    logging,
    gavel,
    // The viewer serves files under the repository only; a folder elsewhere gets no link.
    resultsKey: resultsKey.startsWith('..') ? undefined : resultsKey,
  });
  const files = await writeAnalysis({
    summary,
    summaryFile: options.summaryFile,
    chartsDir: options.chartsDir,
    specs: chartSpecs(summary),
    logger,
  });
  logger.record('ANALYZE', { runs: runs.length, notDone: missing.length, charts: (files.length - 1) / 4 });
  return { summary, files };
}

/**
 * The charts from the committed summary.json, without the runs: what a fresh clone and `npm start`
 * do, since the grid's figures are timings of the machine that ran it. Only the dev log's figures
 * and the first version's (constants, not measurements) are refreshed in the summary; everything
 * measured stays as committed.
 */
export async function analyzeCommitted(
  options: Pick<AnalyzeOptions, 'summaryFile' | 'chartsDir' | 'logger'>,
): Promise<{ summary: Summary; files: string[] }> {
  let committed: Summary;
  try {
    committed = JSON.parse(await readFile(options.summaryFile, 'utf8')) as Summary;
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : 'unreadable');
    throw new InputError(
      { file: options.summaryFile },
      `expected the committed summary (${why}); run the experiments with --rerun to make one`,
    );
  }
  const summary: Summary = { ...committed, devlog: devlogFigures(), previous: PREVIOUS };
  const files = await writeAnalysis({
    summary,
    summaryFile: options.summaryFile,
    chartsDir: options.chartsDir,
    specs: chartSpecs(summary),
    logger: options.logger,
  });
  options.logger?.record('ANALYZE', {
    runs: summary.grid.runs,
    committed: true,
    charts: (files.length - 1) / 4,
  });
  return { summary, files };
}
