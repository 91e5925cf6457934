import { oneLine } from 'kit';
import { z } from 'zod';
import type { Operation } from '../operations/operation.ts';

/**
 * JSON Schema of an operation's input or output, as agent hosts want it: draft-07, no `$schema`.
 * Both the OpenClaw tools and the MCP tools are described from these, so they cannot drift.
 */
export function jsonSchemaOf(operation: Operation, io: 'input' | 'output'): Record<string, unknown> {
  const schema = z.toJSONSchema(io === 'input' ? operation.input : operation.output, {
    io,
    target: 'draft-07',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

/** The one line an agent sees when a call fails, whatever the front end. */
export function toolErrorMessage(operation: Operation, error: unknown): string {
  return `${operation.name}: ${oneLine(error)}`;
}
