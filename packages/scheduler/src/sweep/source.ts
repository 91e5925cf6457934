import { readFile } from 'node:fs/promises';
import { InputError } from 'kit';
import { type Document, LineCounter, parseDocument } from 'yaml';

/** A parsed sweep file that can still say on which line any of its values was written. */
export interface SweepSource {
  file: string;
  data: unknown;
  /** 1-based line of the value at `path`, or of its nearest ancestor that exists. */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/**
 * JSON is YAML 1.2, so one parser reads both and keeps source positions for error messages.
 */
export function parseSweepSource(text: string, file: string): SweepSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) {
    const line = lineCounter.linePos(problem.pos[0]).line;
    const message = problem.message.split('\n')[0] ?? problem.code;
    throw new InputError({ file, line }, `expected valid JSON or YAML, got ${message}`);
  }
  return { file, data: doc.toJS(), lineOf: (path) => lineOf(doc, lineCounter, path) };
}

function lineOf(doc: Document, lines: LineCounter, path: readonly (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return undefined;
}

export async function readSweepSource(file: string): Promise<SweepSource> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      { file },
      code === 'ENOENT'
        ? 'expected a sweep file (JSON or YAML), got no such file'
        : `cannot read the sweep file (${code})`,
    );
  }
  return parseSweepSource(text, file);
}
