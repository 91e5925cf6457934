import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { DraftMeta } from './frontmatter.ts';

const HASH_LINE = /^( {2}hash: sha256:)([0-9a-f]{64})$/m;
const BLANK_HASH = '0'.repeat(64);

export interface PostContent {
  meta: DraftMeta;
  /** The frontmatter image rewritten to the blog copy, if any. */
  image?: string | undefined;
  /** Repo-relative path of the draft it came from. */
  source: string;
  body: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The post as the blog stores it. The hash covers the whole file (with the hash itself blanked),
 * so any later edit by hand shows up as a mismatch.
 */
export function renderPost({ meta, image, source, body }: PostContent): string {
  const data: Record<string, unknown> = { title: meta.title };
  if (meta.description !== undefined) data.description = meta.description;
  data.date = meta.date;
  if (meta.updated !== undefined) data.updated = meta.updated;
  data.tags = meta.tags;
  data.draft = meta.draft;
  if (image !== undefined) data.image = image;
  if (meta.imageAlt !== undefined) data.imageAlt = meta.imageAlt;
  data.published = { source, hash: `sha256:${BLANK_HASH}` };
  const header = [
    '---',
    `# Written by \`npm run publish-drafts\` from ${source}: edit the draft and publish again.`,
    '# A hand edit here is detected by the hash and kept unless publish-drafts runs with --force.',
    stringify(data, { lineWidth: 0 }).trimEnd(),
    '---',
  ].join('\n');
  const unsigned = `${header}\n${body.replace(/^\n+/, '\n').trimEnd()}\n`;
  return unsigned.replace(HASH_LINE, `$1${sha256(unsigned)}`);
}

/** 'intact' when the file is exactly what the publisher wrote, 'edited' otherwise, 'foreign' with no hash. */
export function checkPost(text: string): 'intact' | 'edited' | 'foreign' {
  const match = HASH_LINE.exec(text);
  if (!match) return 'foreign';
  return sha256(text.replace(HASH_LINE, `$1${BLANK_HASH}`)) === match[2] ? 'intact' : 'edited';
}
