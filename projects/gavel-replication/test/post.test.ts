import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLACEHOLDER, valueAtPath } from 'kit';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Summary } from '../src/analyze.ts';
import { FIGURE_NAMES } from '../src/curves.ts';

const root = join(import.meta.dirname, '..');
const draft = readFileSync(join(root, 'post', 'draft.md'), 'utf8');
const summary = JSON.parse(readFileSync(join(root, 'data', 'summary.json'), 'utf8')) as Summary;
const [, frontmatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(draft) ?? [];
const lookup = (path: string): unknown => valueAtPath(summary, path);

describe('post/draft.md', () => {
  it('has the frontmatter the blog publishes from', () => {
    const meta = parse(frontmatter) as Record<string, unknown>;
    expect(meta.title).toEqual(expect.any(String));
    expect(meta.description).toEqual(expect.any(String));
    expect(String(meta.date)).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(typeof meta.draft).toBe('boolean');
  });

  it('resolves every placeholder to a number or text in data/summary.json', () => {
    const paths = [...body.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.filter((path) => !['number', 'string'].includes(typeof lookup(path)))).toEqual([]);
  });

  it("has each figure's table, one row per rate, every row from the summary", () => {
    for (const figure of FIGURE_NAMES) {
      const rows = summary.figures[figure].rows;
      const placed = [
        ...body.matchAll(new RegExp(`\\{\\{figures\\.${figure}\\.rows\\.(\\d+)\\}\\}`, 'g')),
      ].map((m) => Number(m[1]));
      expect(placed, figure).toEqual(rows.map((_, i) => i));
    }
  });

  it('states figures only through placeholders', () => {
    // Digits left once placeholders, code, links and chart paths are removed may only be the
    // cluster's size, the window and the figure numbers the text names.
    const prose = body
      .replace(PLACEHOLDER, '')
      .replace(/`[^`]*`/g, '')
      .replace(/\]\([^)]*\)/g, ']')
      .replace(/^\|[-| ]+\|$/gm, '');
    // Digits inside a name (V100, K80) are no figure.
    const numbers = [...prose.matchAll(/[A-Za-z]*\d[\d,.]*/g)]
      .map((m) => m[0])
      .filter((token) => !/^[A-Za-z]/.test(token))
      .map((token) => token.replace(/[.,]$/, ''));
    const allowed = new Set([
      '36',
      '108',
      '4000',
      '5000',
      '1,000',
      '9a',
      '10a',
      '11a',
      '2020',
      '9',
      '10',
      '11',
    ]);
    expect(numbers.filter((n) => !allowed.has(n))).toEqual([]);
  });

  it('reads as prose: no em-dashes, no bullet lists, few headers', () => {
    expect(draft).not.toContain('\u2014');
    expect(body.split('\n').filter((line) => /^\s*(?:[-*+]|\d+[.)])\s+\S/.test(line))).toEqual([]);
    expect(body.split('\n').filter((line) => /^#{1,6}\s/.test(line)).length).toBeLessThanOrEqual(3);
  });

  it('shows the three charts, each with its dark twin rendered', () => {
    for (const figure of FIGURE_NAMES) {
      expect(body).toContain(`](../charts/${figure}.svg)`);
      for (const file of [`${figure}.svg`, `${figure}.dark.svg`, `${figure}.png`, `${figure}.dark.png`])
        expect(existsSync(join(root, 'charts', file)), file).toBe(true);
    }
  });
});
