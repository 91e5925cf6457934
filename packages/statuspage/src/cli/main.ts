import { Command } from 'commander';
import { runCli } from 'kit';
import { registerScrapeCommand } from './scrape.ts';

const program = new Command('statuspage')
  .description(
    'Scrape the incident history of an Atlassian Statuspage site (history via Chromium, details via JSON).',
  )
  .showHelpAfterError();

registerScrapeCommand(program);

await runCli('statuspage', () => program.parseAsync(process.argv));
