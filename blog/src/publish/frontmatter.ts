import { InputError } from 'kit';
import { isMap, LineCounter, parseDocument } from 'yaml';

/** What a project's draft says about itself. */
export interface DraftMeta {
  title: string;
  description?: string | undefined;
  /** `YYYY-MM-DD`, checked to be a real calendar day. */
  date: string;
  updated?: string | undefined;
  tags: string[];
  draft: boolean;
  /** Social card image, a path relative to the draft like the images in its body. */
  image?: string | undefined;
  /** File line of `image:`, for errors about the file it names. */
  imageLine: number;
  imageAlt?: string | undefined;
}

export interface SplitDraft {
  /** YAML between the `---` fences, without them. */
  yaml: string;
  body: string;
  /** File line of the first body line. */
  bodyLine: number;
}

export function splitFrontmatter(text: string, file: string): SplitDraft {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== '---') {
    throw new InputError(
      { file, line: 1 },
      'expected a YAML frontmatter block starting with "---" on line 1',
    );
  }
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end < 0) throw new InputError({ file, line: 1 }, 'expected a closing "---" after the frontmatter');
  return { yaml: lines.slice(1, end).join('\n'), body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Parse and check the frontmatter; every error names the draft and the line of the bad key. */
export function parseDraftMeta(yaml: string, file: string): DraftMeta {
  const counter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter: counter, prettyErrors: false });
  // Line 1 of the file is the opening fence, so YAML line n is file line n + 1.
  const fileLine = (offset: number | undefined) =>
    offset === undefined ? 1 : counter.linePos(offset).line + 1;
  const firstError = doc.errors[0];
  if (firstError) {
    throw new InputError(
      { file, line: fileLine(firstError.pos[0]) },
      `expected valid YAML frontmatter (${firstError.code})`,
    );
  }
  if (!isMap(doc.contents))
    throw new InputError({ file, line: 1 }, 'expected frontmatter to be a YAML mapping');
  const map = doc.contents;
  const place = (field: string) => {
    const pair = map.items.find((item) => String((item.key as { value?: unknown })?.value) === field);
    const node = (pair?.value ?? pair?.key) as { range?: [number, number, number] } | undefined;
    return { file, line: fileLine(node?.range?.[0]), field };
  };
  const data = doc.toJS() as Record<string, unknown>;
  const value = (field: string): unknown => data[field];

  const title = value('title');
  if (typeof title !== 'string' || title.trim() === '')
    throw InputError.expected(place('title'), 'a non-empty title', title);

  const stringOrUndefined = (field: string): string | undefined => {
    const got = value(field);
    if (got === undefined || got === null) return undefined;
    if (typeof got !== 'string') throw InputError.expected(place(field), 'a string', got);
    return got;
  };
  const dateField = (field: string, required: boolean): string | undefined => {
    const got = value(field);
    if (got === undefined && !required) return undefined;
    if (typeof got !== 'string' || !isCalendarDate(got)) {
      throw InputError.expected(place(field), 'a date like 2026-01-31', got);
    }
    return got;
  };

  const tagList = value('tags') ?? [];
  if (!Array.isArray(tagList) || !tagList.every((tag) => typeof tag === 'string')) {
    throw InputError.expected(place('tags'), 'a list of tag names', tagList);
  }
  const draft = value('draft') ?? false;
  if (typeof draft !== 'boolean') throw InputError.expected(place('draft'), 'true or false', draft);

  return {
    title: title.trim(),
    description: stringOrUndefined('description'),
    date: dateField('date', true)!,
    updated: dateField('updated', false),
    tags: tagList as string[],
    draft,
    image: stringOrUndefined('image'),
    imageLine: place('image').line,
    imageAlt: stringOrUndefined('imageAlt'),
  };
}
