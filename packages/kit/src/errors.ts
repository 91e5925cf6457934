/** Where a bad value was found: a file (and line), a URL, or a field of an object. */
export interface InputPlace {
  file?: string;
  line?: number;
  field?: string;
}

/**
 * Bad input, reported as one line: `file:line: field: expected X, got Y`.
 * Libraries throw it; CLIs print `message` and exit 1.
 */
export class InputError extends Error {
  override name = 'InputError';
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(place: InputPlace, problem: string) {
    super(formatPlace(place) + problem);
    this.file = place.file;
    this.line = place.line;
    this.field = place.field;
  }

  /** `expected ${expected}, got ${describe(got)}` with the place in front. */
  static expected(place: InputPlace, expected: string, got: unknown): InputError {
    return new InputError(place, `expected ${expected}, got ${describeValue(got)}`);
  }
}

function formatPlace({ file, line, field }: InputPlace): string {
  let out = '';
  if (file) out += line !== undefined ? `${file}:${line}: ` : `${file}: `;
  if (field) out += `${field}: `;
  return out;
}

/** A short, quoted rendering of a bad value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === '') return 'an empty string';
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One line for any error, as a CLI prints it. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
