import { InputError, PLACEHOLDER, valueAtPath } from 'kit';
import { mapOutsideInlineCode, type SourceLine } from './markdown-lines.ts';

export interface Figures {
  /** Parsed data/summary.json, or undefined when the project has none. */
  values: unknown;
  /** Where it lives, for error messages. */
  file: string;
}

/**
 * Replace placeholders outside code with figures from the summary. Numbers and strings are
 * inserted as they are: a project that wants `1,234` or `12.5%` writes that into its summary.
 */
export function fillPlaceholders(lines: SourceLine[], figures: Figures, draftFile: string): SourceLine[] {
  return lines.map((source) => {
    if (source.inCode) return source;
    const text = mapOutsideInlineCode(source.text, (part) =>
      part.replace(PLACEHOLDER, (_match, path: string) => {
        const place = { file: draftFile, line: source.line, field: `{{${path}}}` };
        if (figures.values === undefined) {
          throw new InputError(place, `expected figures in ${figures.file}, but the file does not exist`);
        }
        const value = valueAtPath(figures.values, path);
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
          return String(value);
        throw InputError.expected(place, `a string or number at "${path}" in ${figures.file}`, value);
      }),
    );
    return { ...source, text };
  });
}
