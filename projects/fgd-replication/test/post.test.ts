import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// That every placeholder resolves is checked where drafts are published (blog/test/published-posts).
const root = join(import.meta.dirname, '..');
const draft = readFileSync(join(root, 'post', 'draft.md'), 'utf8');
const body = draft.slice(draft.indexOf('\n---\n', 4) + 5);

describe('post/draft.md', () => {
  it('states measured figures only through placeholders', () => {
    const prose = body
      .replace(/\{\{[^}]*\}\}/g, '')
      .replace(/`[^`]*`/g, '')
      .replace(/\]\([^)]*\)/g, ']');
    const numbers = [...prose.matchAll(/\d[\d,.]*[a-c]?/g)].map((m) => m[0].replace(/[.,]$/, ''));
    // Figure names, the year, the score scale and the fixed points of arrived demand the text names.
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
