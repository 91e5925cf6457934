import type { SourceLine } from './markdown-lines.ts';
import type { DraftWarning } from './warnings.ts';

const EM_DASH = '\u2014';
const HEADER = /^\s{0,3}#{1,6}\s/;
const BULLET = /^\s*(?:[-*+]|\d+[.)])\s+\S/;
const MAX_HEADERS = 3;
/** A section is bullet-heavy when most of its lines are list items and there are several. */
const MIN_BULLETS = 4;

/**
 * Flags habits that make a draft read as generated: em-dashes, an outline of many headers,
 * sections made mostly of bullets. Warnings only: the author decides.
 */
export function lintDraft(body: SourceLine[], file: string): DraftWarning[] {
  const warnings: DraftWarning[] = [];
  const prose = body.filter((line) => !line.inCode);

  for (const { text, line } of prose) {
    if (text.includes(EM_DASH)) {
      warnings.push({ file, line, message: 'em-dash: use a comma, colon, parentheses or two sentences' });
    }
  }

  const headers = prose.filter(({ text }) => HEADER.test(text));
  if (headers.length > MAX_HEADERS) {
    warnings.push({
      file,
      line: headers[MAX_HEADERS]!.line,
      message: `${headers.length} section headers: more than ${MAX_HEADERS} reads like an outline, let the prose carry it`,
    });
  }

  // Sections run from one header to the next; text before the first header is a section too.
  const sections: { start: number; lines: SourceLine[] }[] = [{ start: body[0]?.line ?? 1, lines: [] }];
  for (const source of prose) {
    if (HEADER.test(source.text)) sections.push({ start: source.line, lines: [] });
    else if (source.text.trim() !== '') sections.at(-1)!.lines.push(source);
  }
  for (const section of sections) {
    const bullets = section.lines.filter(({ text }) => BULLET.test(text)).length;
    const other = section.lines.length - bullets;
    if (bullets >= MIN_BULLETS && bullets > other) {
      warnings.push({
        file,
        line: section.start,
        message: `section is mostly bullets (${bullets} of ${section.lines.length} lines): write it as sentences`,
      });
    }
  }
  return warnings;
}
