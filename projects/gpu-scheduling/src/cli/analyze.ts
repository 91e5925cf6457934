import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { createLogger, levelFromFlags, runCli } from 'kit';
import { analyze, analyzeCommitted } from '../analyze.ts';
import {
  DEFAULT_REPEATS,
  GAVEL,
  GRIDS,
  LOGGING,
  LP_SCALING_FILE,
  PROJECT_DIR,
  runGrid,
  runLoggingExperiment,
  writeLpScaling,
} from '../experiments.ts';
import { measureLpScaling } from '../lp-scaling.ts';
import { gridDone, resultsComplete } from '../results.ts';

interface Flags {
  full?: boolean;
  results?: string;
  rerun?: boolean;
  summary: string;
  charts: string;
  quiet?: boolean;
  verbose?: boolean;
}

const program = new Command('analyze')
  .description(
    "Read a grid's combined results and write data/summary.json and the charts. Without the run files (a fresh clone), the charts are rebuilt from the committed summary: its figures are timings of the machine that ran them, rerun only with --rerun.",
  )
  .option('--full', 'analyse the full grid (data/runs-full)')
  .option('--results <dir>', 'results folder of any grid (default data/runs)')
  .option(
    '--rerun',
    "run what is missing of the default grid, the logging runs (each run three times, the median kept), the LP timings and Gavel's integration test on this machine, then analyse (minutes; rewrites the committed results)",
  )
  .option('--summary <file>', 'where summary.json goes', join(PROJECT_DIR, 'data', 'summary.json'))
  .option('--charts <dir>', 'where the charts go', join(PROJECT_DIR, 'charts'))
  .option('-q, --quiet', 'warnings only')
  .option('-v, --verbose', 'debug output')
  .addHelpText(
    'after',
    `
Examples:
  npm run analyze -w gpu-scheduling
  npm run analyze -w gpu-scheduling -- --rerun
  npm run analyze -w gpu-scheduling -- --full
  npm run analyze -w gpu-scheduling -- --results /tmp/results --summary /tmp/summary.json --charts /tmp/charts`,
  )
  .action(async (flags: Flags) => {
    const logger = createLogger({ level: levelFromFlags(flags), name: 'analyze' });
    const gridName = flags.results ? 'custom' : flags.full ? 'full' : 'default';
    const grid = GRIDS[flags.full ? 'full' : 'default'];
    const resultsDir = flags.results ?? grid.out;
    const ownResults = !flags.results && !flags.full;
    if (flags.rerun) {
      // Only the default grid is cheap enough to run on the way; the full one takes hours.
      if (!ownResults)
        throw new Error('--rerun runs the default grid only; use npm run experiments for others');
      if (!(await resultsComplete(resultsDir))) {
        logger.info(`results missing in ${resultsDir}: running the ${gridName} grid`);
        await runGrid({
          grid: grid.file,
          out: resultsDir,
          quiet: flags.quiet,
          repeats: DEFAULT_REPEATS,
          logger,
        });
      }
      if (!existsSync(LP_SCALING_FILE)) {
        logger.info('timing cold LP solves at Alibaba capacities');
        await writeLpScaling(LP_SCALING_FILE, await measureLpScaling());
      }
      if (!(await resultsComplete(LOGGING.info)) || !(await resultsComplete(LOGGING.verbose))) {
        logger.info('running the logging experiment');
        await runLoggingExperiment({ quiet: flags.quiet, repeats: DEFAULT_REPEATS, logger });
      }
      if (!(await gridDone(GAVEL.out))) {
        logger.info("running Gavel's integration test");
        await runGrid({ grid: GAVEL.file, out: GAVEL.out, quiet: flags.quiet, logger });
      }
    } else if (!(await resultsComplete(resultsDir))) {
      if (!ownResults)
        throw new Error(
          `${resultsDir}: no complete grid results; run npm run experiments -w gpu-scheduling${flags.full ? ' -- --full' : ''} first`,
        );
      logger.info(
        `${resultsDir} has no run files (as on a fresh clone): charts from the committed ${flags.summary}; --rerun reruns the experiments on this machine`,
      );
      const { summary, files } = await analyzeCommitted({
        summaryFile: flags.summary,
        chartsDir: flags.charts,
        logger,
      });
      logger.info(`${summary.grid.runs} runs as committed; wrote ${files.length} files`);
      return;
    }
    const { summary, files } = await analyze({
      resultsDir,
      lpScalingFile: LP_SCALING_FILE,
      logging: flags.results ? undefined : LOGGING,
      gavelDir: flags.results ? undefined : GAVEL.out,
      summaryFile: flags.summary,
      chartsDir: flags.charts,
      gridName,
      logger,
    });
    logger.info(`${summary.grid.runs} runs analysed; wrote ${files.length} files`);
  });

await runCli('analyze', () => program.parseAsync(process.argv));
