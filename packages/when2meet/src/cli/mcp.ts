import type { Command } from 'commander';
import { agentConfigSchema } from '../agent/config.ts';
import { serveStdio } from '../mcp/server.ts';
import { parseInput } from '../operations/operation.ts';
import { baseUrlOf, globalsOf, requestOptions } from './common.ts';

interface McpOptions {
  defaultName?: string;
  defaultTimezone?: string;
}

const flags: Record<string, string> = {
  defaultName: '--default-name',
  defaultTimezone: '--default-timezone',
  baseUrl: '--base-url',
};

export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('Serve the When2Meet tools to an MCP client over stdio (stdout is the protocol).')
    .option('--default-name <name>', 'name to fill availability as when a call gives none')
    .option('--default-timezone <iana>', 'zone for new events and for calendars on weekday events')
    .action(async (options: McpOptions, command: Command) => {
      const globals = globalsOf(command);
      const config = parseInput(
        agentConfigSchema,
        {
          defaultName: options.defaultName,
          defaultTimezone: options.defaultTimezone,
          baseUrl: baseUrlOf(globals),
        },
        { field: (name) => flags[name] ?? name },
      );
      await serveStdio(config, requestOptions(globals));
    });
}
