import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface SourcePost {
  id: string;
  title: string;
  draft: boolean;
}

/** The posts as written in the content folder, read independently of Astro. */
export function sourcePosts(blogDir: string): SourcePost[] {
  const dir = join(blogDir, 'src', 'content', 'posts');
  return readdirSync(dir)
    .filter((name) => /\.mdx?$/.test(name))
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const data = parse(text.split('\n---')[0]!.replace(/^---\n/, '')) as { title: string; draft?: boolean };
      return { id: name.replace(/\.mdx?$/, ''), title: data.title, draft: data.draft === true };
    });
}
