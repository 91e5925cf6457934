import { Command } from 'commander';
import { createLogger, levelFromFlags, numberFlag, runCli } from 'kit';
import {
  DEFAULT_REPEATS,
  GAVEL,
  GRIDS,
  LP_SCALING_FILE,
  runGrid,
  runLoggingExperiment,
  writeLpScaling,
} from '../experiments.ts';
import { measureLpScaling } from '../lp-scaling.ts';

interface Flags {
  full?: boolean;
  grid?: string;
  out?: string;
  workers?: number;
  retryFailed?: boolean;
  repeats: number;
  lpScaling: boolean;
  gavel: boolean;
  logging: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

const program = new Command('experiments')
  .description(
    'Run the experiment grid through `gpusim sweep run --backend local` (worker threads), then time cold LP solves.',
  )
  .option('--full', 'the full grid (src/grids/full.yaml into data/runs-full): hours, not minutes')
  .option('--grid <file>', 'another sweep file (with --out)')
  .option('--out <dir>', 'results folder (default data/runs, or data/runs-full with --full)')
  .option(
    '--workers <n>',
    'worker threads (default: cores - 1)',
    numberFlag('--workers', { integer: true, min: 1, unit: 'worker threads' }),
  )
  .option('--retry-failed', 'rerun runs that failed before')
  .option(
    '--repeats <n>',
    'run each timed run this many times and keep the one with the median wall time',
    numberFlag('--repeats', { integer: true, min: 1, unit: 'repeats' }),
    DEFAULT_REPEATS,
  )
  .option('--no-lp-scaling', 'skip the cold LP solve timings (data/lp-scaling.csv)')
  .option('--no-logging', 'skip the logging experiment (data/logging/, the grid in logging.yaml run twice)')
  .option('--no-gavel', "skip Gavel's integration test (data/gavel/, against its golden JCTs)")
  .option('-q, --quiet', 'warnings only')
  .option('-v, --verbose', 'debug output')
  .addHelpText(
    'after',
    `
Examples:
  npm run experiments -w gpu-scheduling
  npm run experiments -w gpu-scheduling -- --workers 2
  npm run experiments -w gpu-scheduling -- --repeats 5
  npm run experiments -w gpu-scheduling -- --full
  npm run experiments -w gpu-scheduling -- --grid my-grid.yaml --out /tmp/results --no-lp-scaling`,
  )
  .action(async (flags: Flags) => {
    const logger = createLogger({ level: levelFromFlags(flags), name: 'experiments' });
    const preset = GRIDS[flags.full ? 'full' : 'default'];
    if (flags.grid && !flags.out) throw new Error("--grid needs --out: where that grid's results go");
    const grid = flags.grid ?? preset.file;
    const out = flags.out ?? preset.out;
    logger.info(`grid ${grid} -> ${out}`);
    await runGrid({
      grid,
      out,
      workers: flags.workers,
      retryFailed: flags.retryFailed,
      quiet: flags.quiet,
      verbose: flags.verbose,
      repeats: flags.repeats,
      logger,
    });
    if (flags.logging) {
      logger.info('logging experiment: the same runs at the default log level, then with -v');
      await runLoggingExperiment({ quiet: flags.quiet, repeats: flags.repeats, logger });
    }
    if (flags.gavel) {
      logger.info("Gavel's integration test: its 50 jobs, two policies, with and without the leftover fill");
      await runGrid({ grid: GAVEL.file, out: GAVEL.out, quiet: flags.quiet, logger });
    }
    if (flags.lpScaling) {
      logger.info('timing cold LP solves at Alibaba capacities');
      const points = await measureLpScaling();
      await writeLpScaling(LP_SCALING_FILE, points);
      for (const p of points) logger.record('LP_SCALING', p);
    }
  });

await runCli('experiments', () => program.parseAsync(process.argv));
