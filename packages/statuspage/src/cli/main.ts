import { Command } from 'commander';
import { oneLine } from 'kit';
import { registerScrapeCommand } from './scrape.ts';

const program = new Command('statuspage')
  .description(
    'Scrape the incident history of an Atlassian Statuspage site (history via Chromium, details via JSON).',
  )
  .showHelpAfterError();

registerScrapeCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`statuspage: ${oneLine(error)}\n`);
  process.exitCode = 1;
}
