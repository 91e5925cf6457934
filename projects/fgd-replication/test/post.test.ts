import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');
const draft = readFileSync(join(root, 'post', 'draft.md'), 'utf8');
const summary = JSON.parse(readFileSync(join(root, 'data', 'summary.json'), 'utf8'));
const [, frontmatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(draft) ?? [];
// The blog's placeholder syntax: {{ a.b-c.0 }}.
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\s*\}\}/g;

function lookup(path: string): unknown {
  let current: unknown = summary;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

describe('post/draft.md', () => {
  it('has the frontmatter the blog publishes from', () => {
    const meta = parse(frontmatter) as Record<string, unknown>;
    expect(meta.title).toEqual(expect.any(String));
    expect(meta.description).toEqual(expect.any(String));
    expect(typeof meta.draft).toBe('boolean');
  });

  it('resolves every placeholder to a number or text in data/summary.json', () => {
    const paths = [...body.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.filter((path) => !['number', 'string'].includes(typeof lookup(path)))).toEqual([]);
  });

  it('states measured figures only through placeholders', () => {
    const prose = body
      .replace(PLACEHOLDER, '')
      .replace(/`[^`]*`/g, '')
      .replace(/\]\([^)]*\)/g, ']');
    const numbers = [...prose.matchAll(/\d[\d,.]*[a-c]?/g)].map((m) => m[0].replace(/[.,]$/, ''));
    // Figure names, the year, the score scale and the fixed x points the text names.
    const allowed = new Set(['2023', '7a', '7b', '9a', '9b', '100', '96']);
    expect(numbers.filter((n) => !allowed.has(n))).toEqual([]);
  });

  it('reads as prose: no em-dashes, no bullet lists, few headers', () => {
    expect(draft).not.toContain('\u2014');
    expect(body.split('\n').filter((line) => /^\s*(?:[-*+]|\d+[.)])\s+\S/.test(line))).toEqual([]);
    expect(body.split('\n').filter((line) => /^#{1,6}\s/.test(line)).length).toBeLessThanOrEqual(3);
  });

  it('shows charts that exist, in both themes', () => {
    const charts = [...body.matchAll(/\]\(\.\.\/charts\/([^)]+)\.svg\)/g)].map((m) => m[1]!);
    expect(charts.length).toBe(5);
    for (const chart of charts) {
      expect(existsSync(join(root, 'charts', `${chart}.svg`))).toBe(true);
      expect(existsSync(join(root, 'charts', `${chart}.dark.svg`))).toBe(true);
    }
  });
});
