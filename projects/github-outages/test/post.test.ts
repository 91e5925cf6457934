import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, ROOT } from './helpers.ts';

const draft = readFileSync(join(ROOT, 'post', 'draft.md'), 'utf8');
const summary = JSON.parse(readFileSync(join(DATA, 'summary.json'), 'utf8')) as Record<string, unknown>;
const [, frontmatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(draft) ?? [];

function lookup(path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], summary);
}

describe('post draft', () => {
  it('has the frontmatter the blog expects', () => {
    for (const key of ['title', 'description', 'date', 'tags'])
      expect(frontmatter).toMatch(new RegExp(`^${key}: .+`, 'm'));
    // The post is finished, so it is published for real (draft: false); the flag must be explicit.
    expect(frontmatter).toMatch(/^draft: (true|false)$/m);
    expect(frontmatter).toMatch(/^date: \d{4}-\d{2}-\d{2}$/m);
  });

  it('fills every placeholder from summary.json with a number or a string', () => {
    const keys = [...body.matchAll(/\{\{([^}]*)\}\}/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(30);
    for (const key of keys) {
      expect(key, 'placeholder syntax').toMatch(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/);
      const value = lookup(key);
      expect(['number', 'string'], `{{${key}}}`).toContain(typeof value);
    }
  });

  it('has no number that is not a placeholder, except the years the data covers', () => {
    const years = new Set(Object.keys(summary.per_year as object));
    const prose = body.replace(/\{\{[^}]*\}\}/g, '').replace(/\]\([^)]*\)/g, ']');
    for (const number of prose.match(/\d+(\.\d+)?/g) ?? [])
      expect(years, `literal number ${number}`).toContain(number);
  });

  it('reads as prose: no bullets, no em-dashes, few headers', () => {
    expect(draft).not.toContain('\u2014');
    expect(body).not.toMatch(/^\s*([-*+]|\d+\.)\s/m);
    expect((body.match(/^#+ /gm) ?? []).length).toBeLessThanOrEqual(6);
  });

  it('references only charts that exist, in both themes', () => {
    const charts = [...body.matchAll(/!\[[^\]]+\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(charts).toHaveLength(6);
    for (const chart of charts) {
      const path = join(ROOT, 'post', chart);
      expect(existsSync(path), chart).toBe(true);
      expect(existsSync(path.replace(/\.svg$/, '.dark.svg')), chart).toBe(true);
    }
  });
});
