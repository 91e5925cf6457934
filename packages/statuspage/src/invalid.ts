import { InputError, type InputPlace } from 'kit';
import type { z } from 'zod';

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

/** `incident.incident_updates[2].status`, as a person would point at it in the JSON. */
function fieldOf(path: readonly PropertyKey[]): string | undefined {
  const text = path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i > 0 ? '.' : ''}${String(key)}`))
    .join('');
  return text || undefined;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** What zod wanted, in words ("a string", "a non-empty string"), or undefined for its own message. */
function expectedOf(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return NOUNS[issue.expected] ?? issue.expected;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) === 1 ? 'a non-empty string' : `at least ${issue.minimum} characters`;
      if (issue.origin === 'array') return `a list of at least ${issue.minimum}`;
      return `a value of at least ${issue.minimum}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return undefined;
  }
}

/**
 * The first problem zod found in `value`, as one readable line at `place`:
 * `incidents.jsonl:4: incident.name: expected a string, got nothing`.
 */
export function invalidValue(place: InputPlace, error: z.ZodError, value: unknown): InputError {
  const issue = error.issues[0]!;
  const at = { ...place, field: fieldOf(issue.path) ?? place.field };
  const expected = expectedOf(issue);
  if (expected === undefined)
    return new InputError(
      at,
      issue.message.replace(/^\w/, (c) => c.toLowerCase()),
    );
  return InputError.expected(at, expected, valueAt(value, issue.path));
}
