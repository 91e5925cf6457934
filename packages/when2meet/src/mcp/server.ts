import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import packageJson from '../../package.json' with { type: 'json' };
import { type AgentConfig, type AgentContextOptions, agentContext } from '../agent/config.ts';
import { jsonSchemaOf, toolErrorMessage } from '../agent/tool-schema.ts';
import { operations } from '../operations/index.ts';
import { runOperation } from '../operations/operation.ts';

export const MCP_SERVER_INFO = { name: 'when2meet', version: packageJson.version } as const;

/**
 * The operations as MCP tools. Tools are listed and called through the low-level handlers so that
 * arguments go through the same parse as every other front end: a bad one comes back as a tool
 * error with the one-line message, not as the SDK's dump of validation issues.
 */
export function createMcpServer(config: AgentConfig, options: AgentContextOptions = {}): Server {
  const context = agentContext(config, options);
  const server = new Server(MCP_SERVER_INFO, {
    capabilities: { tools: {} },
    instructions:
      'When2Meet polls: create one, read who is free, rank meeting times, fill in availability. ' +
      'when2meet_fill_availability is a dry run unless dryRun is false: show the user the result first.',
  });
  const tools = operations.map((operation) => ({
    name: operation.name,
    title: operation.title,
    description: operation.description,
    inputSchema: jsonSchemaOf(operation, 'input') as { type: 'object' },
    outputSchema: jsonSchemaOf(operation, 'output') as { type: 'object' },
    annotations: {
      title: operation.title,
      readOnlyHint: operation.effect === 'read',
      destructiveHint: operation.effect === 'write',
      idempotentHint: operation.effect !== 'create',
      openWorldHint: true,
    },
  }));
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const operation = operations.find((candidate) => candidate.name === request.params.name);
    if (!operation) {
      return {
        isError: true,
        content: [{ type: 'text', text: `unknown tool ${JSON.stringify(request.params.name)}` }],
      };
    }
    try {
      const result = (await runOperation(operation, request.params.arguments ?? {}, context)) as Record<
        string,
        unknown
      >;
      return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
    } catch (error) {
      return { isError: true, content: [{ type: 'text', text: toolErrorMessage(operation, error) }] };
    }
  });
  return server;
}

/** `when2meet mcp`: serve over stdin/stdout until the client closes them. */
export async function serveStdio(config: AgentConfig, options: AgentContextOptions = {}): Promise<void> {
  const server = createMcpServer(config, options);
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
  });
  await server.connect(new StdioServerTransport());
  await closed;
}
