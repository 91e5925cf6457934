// OpenClaw plugin entry (package.json `openclaw.extensions`, built to dist/openclaw.js for
// `runtimeExtensions`). It registers one agent tool per operation, the same operations the CLI
// and the MCP server run. Nothing is imported from `openclaw`: `definePluginEntry` only returns
// this object shape, and importing it would tie the built entry to the host's install layout.
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { InputError } from 'kit';
import { type AgentConfig, agentConfigSchema, agentContext } from './agent/config.ts';
import { jsonSchemaOf, toolErrorMessage } from './agent/tool-schema.ts';
import { operations } from './operations/index.ts';
import { type Operation, parseInput, runOperation } from './operations/operation.ts';

/** The slice of OpenClaw's tool context (`OpenClawPluginToolContext`) these tools read. */
export interface OpenClawToolContext {
  workspaceDir?: string;
  sandboxed?: boolean;
  fsPolicy?: { workspaceOnly: boolean; root?: string; readOnlyRoots?: string[] };
}

/** An `AnyAgentTool` as OpenClaw runs it: JSON Schema parameters, `execute(toolCallId, params)`. */
export interface OpenClawAgentTool {
  name: string;
  label: string;
  description: string;
  parameters: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
  resultContentSource: 'network';
  executionMode?: 'sequential';
  execute(
    toolCallId: string,
    params: unknown,
  ): Promise<{ content: { type: 'text'; text: string }[]; details: unknown }>;
}

/** The slice of `OpenClawPluginApi` this plugin uses. */
export interface OpenClawPluginApi {
  pluginConfig?: Record<string, unknown>;
  registerTool(
    factory: (context: OpenClawToolContext) => OpenClawAgentTool[],
    options: { names: string[] },
  ): void;
}

export type When2MeetPluginConfig = AgentConfig;

function inside(root: string, file: string): boolean {
  const path = relative(root, file);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

/**
 * Calendar files are read the way OpenClaw lets this run read files: relative to the workspace,
 * only inside it (or a read-only root) when the policy says so, and not at all from a sandbox.
 */
export function calendarReader(context: OpenClawToolContext): (file: string) => Promise<string> {
  return async (file) => {
    if (context.sandboxed) {
      throw new InputError(
        { field: 'ics' },
        'a sandboxed run cannot read host files; pass the calendar text as icsText',
      );
    }
    const base = context.fsPolicy?.root ?? context.workspaceDir ?? process.cwd();
    const path = await realpath(resolve(base, file));
    if (context.fsPolicy?.workspaceOnly) {
      const roots = [base, ...(context.fsPolicy.readOnlyRoots ?? [])];
      const allowed = await Promise.all(roots.map((root) => realpath(root).catch(() => root)));
      if (!allowed.some((root) => inside(root, path))) {
        throw new InputError({ file }, `is outside the workspace ${base}, which this run may not leave`);
      }
    }
    return readFile(path, 'utf8');
  };
}

export function toolFor(
  operation: Operation,
  config: AgentConfig,
  context: OpenClawToolContext,
): OpenClawAgentTool {
  const operationContext = agentContext(config, { readText: calendarReader(context) });
  return {
    name: operation.name,
    label: operation.title,
    description: operation.description,
    parameters: jsonSchemaOf(operation, 'input'),
    outputSchema: jsonSchemaOf(operation, 'output'),
    // Event and people names come from the web page: the model should treat them as untrusted.
    resultContentSource: 'network',
    ...(operation.effect === 'write' ? { executionMode: 'sequential' as const } : {}),
    async execute(_toolCallId, params) {
      try {
        const result = await runOperation(operation, params, operationContext);
        return { content: [{ type: 'text', text: JSON.stringify(result) }], details: result };
      } catch (error) {
        // OpenClaw wants failures thrown; the message is the one line the CLI would print.
        throw new Error(toolErrorMessage(operation, error));
      }
    },
  };
}

const plugin = {
  id: 'when2meet',
  name: 'When2Meet',
  description:
    'Create When2Meet polls, read who is free, pick the best meeting time and fill in availability from free ranges or an iCalendar file.',
  register(api: OpenClawPluginApi): void {
    const config = parseInput(agentConfigSchema, api.pluginConfig ?? {}, {
      field: (name) => `plugins.entries.when2meet.config.${name}`,
    });
    api.registerTool((context) => operations.map((operation) => toolFor(operation, config, context)), {
      names: operations.map((operation) => operation.name),
    });
  },
};

export default plugin;
