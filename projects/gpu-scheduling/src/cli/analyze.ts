import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { createLogger, levelFromFlags, oneLine } from 'kit';
import { analyze } from '../analyze.ts';
import {
  GRIDS,
  LOGGING,
  LP_SCALING_FILE,
  PROJECT_DIR,
  runGrid,
  runLoggingExperiment,
  writeLpScaling,
} from '../experiments.ts';
import { measureLpScaling } from '../lp-scaling.ts';
import { resultsComplete } from '../results.ts';

interface Flags {
  full?: boolean;
  results?: string;
  run: boolean;
  summary: string;
  charts: string;
  quiet?: boolean;
  verbose?: boolean;
}

const program = new Command('analyze')
  .description(
    "Read a grid's combined results and write data/summary.json and the charts; runs the default grid first when its results are missing.",
  )
  .option('--full', 'analyse the full grid (data/runs-full)')
  .option('--results <dir>', 'results folder of any grid (default data/runs)')
  .option('--no-run', 'fail instead of running the grid when results are missing')
  .option('--summary <file>', 'where summary.json goes', join(PROJECT_DIR, 'data', 'summary.json'))
  .option('--charts <dir>', 'where the charts go', join(PROJECT_DIR, 'charts'))
  .option('-q, --quiet', 'warnings only')
  .option('-v, --verbose', 'debug output')
  .addHelpText(
    'after',
    `
Examples:
  npm run analyze -w gpu-scheduling
  npm run analyze -w gpu-scheduling -- --full
  npm run analyze -w gpu-scheduling -- --results /tmp/results --summary /tmp/summary.json --charts /tmp/charts`,
  )
  .action(async (flags: Flags) => {
    const logger = createLogger({ level: levelFromFlags(flags), name: 'analyze' });
    const gridName = flags.results ? 'custom' : flags.full ? 'full' : 'default';
    const grid = GRIDS[flags.full ? 'full' : 'default'];
    const resultsDir = flags.results ?? grid.out;
    if (!(await resultsComplete(resultsDir))) {
      // Only the default grid is cheap enough to run on the way; the full one takes hours.
      if (!flags.run || flags.results || flags.full)
        throw new Error(
          `${resultsDir}: no complete grid results; run npm run experiments -w gpu-scheduling${flags.full ? ' -- --full' : ''} first`,
        );
      logger.info(`results missing in ${resultsDir}: running the ${gridName} grid first`);
      await runGrid({ grid: grid.file, out: resultsDir, quiet: flags.quiet });
    }
    if (flags.run && !flags.results) {
      if (!existsSync(LP_SCALING_FILE)) {
        logger.info('timing cold LP solves at Alibaba capacities');
        await writeLpScaling(LP_SCALING_FILE, await measureLpScaling());
      }
      if (!(await resultsComplete(LOGGING.info)) || !(await resultsComplete(LOGGING.verbose))) {
        logger.info('running the logging experiment');
        await runLoggingExperiment({ quiet: flags.quiet });
      }
    }
    const { summary, files } = await analyze({
      resultsDir,
      lpScalingFile: LP_SCALING_FILE,
      logging: flags.results ? undefined : LOGGING,
      summaryFile: flags.summary,
      chartsDir: flags.charts,
      gridName,
      logger,
    });
    logger.info(`${summary.grid.runs} runs analysed; wrote ${files.length} files`);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`analyze: ${oneLine(error)}\n`);
  process.exitCode = 1;
}
