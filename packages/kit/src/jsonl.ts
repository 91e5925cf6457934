import { InputError } from './errors.ts';

/** One JSON value per line; blank lines are skipped. Errors name the file and line. */
export function parseJsonl<T = unknown>(text: string, file = '<jsonl>'): T[] {
  const out: T[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InputError({ file, line: i + 1 }, `expected a JSON value, got invalid JSON (${reason})`);
    }
  }
  return out;
}

export function toJsonl(values: Iterable<unknown>): string {
  let out = '';
  for (const value of values) out += `${JSON.stringify(value)}\n`;
  return out;
}
