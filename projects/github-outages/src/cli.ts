import { join } from 'node:path';
import { Command } from 'commander';
import { createLogger, levelFromFlags, runCli } from 'kit';
import { analyze, defaultPaths } from './analyze.ts';

const root = join(import.meta.dirname, '..');
const defaults = defaultPaths(root);

const program = new Command('analyze')
  .description('Write data/summary.json and the charts from the scraped GitHub incidents.')
  .option('--input <file>', 'scraped incidents (statuspage scrape output)', defaults.input)
  .option('--events <file>', 'dated launches and milestones', defaults.events)
  .option('--summary <file>', 'where summary.json goes', defaults.summaryFile)
  .option('--charts <dir>', 'where the charts go', defaults.chartsDir)
  .option('-q, --quiet', 'warnings only')
  .option('-v, --verbose', 'debug output')
  .action(
    async (flags: {
      input: string;
      events: string;
      summary: string;
      charts: string;
      quiet?: boolean;
      verbose?: boolean;
    }) => {
      const logger = createLogger({ level: levelFromFlags(flags), name: 'analyze' });
      const { summary } = await analyze({
        input: flags.input,
        events: flags.events,
        summaryFile: flags.summary,
        chartsDir: flags.charts,
        logger,
      });
      logger.info(
        `${summary.incidents_total} incidents ${summary.coverage.first} to ${summary.coverage.last}`,
      );
    },
  );

await runCli('analyze', () => program.parseAsync(process.argv));
