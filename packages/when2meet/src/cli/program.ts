import { Command } from 'commander';
import { registerBestCommand } from './best.ts';
import { registerCreateCommand } from './create.ts';
import { registerFillCommand } from './fill.ts';
import { registerMcpCommand } from './mcp.ts';
import { registerShowCommand } from './show.ts';

/** The whole CLI, unparsed: main.ts runs it, the skill test reads its commands and options. */
export function buildProgram(): Command {
  const program = new Command('when2meet')
    .description('Create When2Meet events, read them, find the best time and fill in availability.')
    .option(
      '--base-url <url>',
      "site to talk to (env WHEN2MEET_BASE_URL; default the event URL's own, else https://www.when2meet.com)",
    )
    .option('--timeout <ms>', 'per-request timeout in milliseconds', '15000')
    .option('--retries <n>', 'extra attempts for page loads (GET) after network errors or 5xx', '2')
    .option('-q, --quiet', 'only warnings and errors on stderr')
    .option('-v, --verbose', 'debug output on stderr')
    .showHelpAfterError();
  registerCreateCommand(program);
  registerShowCommand(program);
  registerBestCommand(program);
  registerFillCommand(program);
  registerMcpCommand(program);
  return program;
}
