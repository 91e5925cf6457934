/** One line of a draft, with its 1-based line number in the file and whether it is code. */
export interface SourceLine {
  text: string;
  line: number;
  inCode: boolean;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/**
 * Split markdown into lines and mark those inside fenced code blocks (fence lines included),
 * so rewriting and linting never touch code samples.
 */
export function sourceLines(text: string, firstLine = 1): SourceLine[] {
  const out: SourceLine[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((raw, index) => {
    const match = FENCE.exec(raw);
    let inCode = fence !== undefined;
    if (match) {
      const marker = match[1]!;
      if (fence === undefined) {
        fence = marker;
        inCode = true;
      } else if (marker[0] === fence[0] && marker.length >= fence.length) {
        fence = undefined;
        inCode = true;
      }
    }
    out.push({ text: raw, line: firstLine + index, inCode });
  });
  return out;
}

/**
 * Apply `replace` to the parts of a line outside inline code spans (`like this`).
 * Code spans are kept byte for byte.
 */
export function mapOutsideInlineCode(text: string, replace: (part: string) => string): string {
  const parts = text.split(/(`+[^`]*`+)/);
  return parts.map((part, index) => (index % 2 === 1 ? part : replace(part))).join('');
}
