import { InputError } from 'kit';
import type { z } from 'zod';
import type { OperationContext } from './context.ts';

/**
 * One When2Meet operation, written once and served by every front end: the CLI maps flags onto
 * `input`, the OpenClaw and MCP tools take it as JSON. `run` gets the parsed input.
 */
export interface Operation<Input extends z.ZodObject = z.ZodObject, Result = unknown> {
  /** Tool name, the same in OpenClaw and MCP. */
  name: string;
  title: string;
  /** What the tool does and when to use it, for the model. */
  description: string;
  /** Reads only; creates without changing anything existing; replaces what is there. */
  effect: 'read' | 'create' | 'write';
  input: Input;
  output: z.ZodType<Result>;
  run(input: z.output<Input>, context: OperationContext): Promise<Result>;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Parse raw input (flags or tool arguments); the first problem becomes one InputError line. */
export function parseInput<Input extends z.ZodObject>(
  schema: Input,
  raw: unknown,
  context: Pick<OperationContext, 'field'>,
): z.output<Input> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const [top] = issue.path;
  const field = top === undefined ? 'input' : context.field(String(top));
  if (issue.code === 'unrecognized_keys') {
    throw new InputError(
      { field },
      `unknown field ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`,
    );
  }
  throw InputError.expected({ field }, issue.message, valueAt(raw, issue.path));
}

/** Parse, then run: what every front end does with a call. */
export function runOperation<Input extends z.ZodObject, Result>(
  operation: Operation<Input, Result>,
  raw: unknown,
  context: OperationContext,
): Promise<Result> {
  return operation.run(parseInput(operation.input, raw, context), context);
}
