import { InputError } from './errors.ts';

export interface JsonlLine<T> {
  /** 1-based line number in the file (blank lines count), for error messages. */
  line: number;
  value: T;
}

/** One JSON value per line with its line number; blank lines are skipped. Errors name the file and line. */
export function parseJsonlLines<T = unknown>(text: string, file = '<jsonl>'): JsonlLine<T>[] {
  const out: JsonlLine<T>[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    try {
      out.push({ line: i + 1, value: JSON.parse(line) as T });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InputError({ file, line: i + 1 }, `expected a JSON value, got invalid JSON (${reason})`);
    }
  }
  return out;
}

/** One JSON value per line; blank lines are skipped. Errors name the file and line. */
export function parseJsonl<T = unknown>(text: string, file = '<jsonl>'): T[] {
  return parseJsonlLines<T>(text, file).map((entry) => entry.value);
}

export function toJsonl(values: Iterable<unknown>): string {
  let out = '';
  for (const value of values) out += `${JSON.stringify(value)}\n`;
  return out;
}
