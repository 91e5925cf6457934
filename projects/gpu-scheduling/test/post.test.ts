import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PHASES } from 'scheduler';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { devlogFigures } from '../src/devlog.ts';
import type { Summary } from '../src/summarize.ts';

const root = join(import.meta.dirname, '..');
const draft = readFileSync(join(root, 'post', 'draft.md'), 'utf8');
const summary = JSON.parse(readFileSync(join(root, 'data', 'summary.json'), 'utf8')) as Summary;
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
    expect(String(meta.date)).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(meta.tags).toEqual(expect.arrayContaining([expect.any(String)]));
    // Finished and published for real; the flag must be an explicit boolean.
    expect(typeof meta.draft).toBe('boolean');
  });

  it('resolves every placeholder to a number or text in data/summary.json', () => {
    const paths = [...body.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(30);
    const unresolved = paths.filter((path) => !['number', 'string'].includes(typeof lookup(path)));
    expect(unresolved).toEqual([]);
  });

  it("states every figure through a placeholder, the dev log's included", () => {
    // No digits may be left in the prose once placeholders, code, links and chart paths are removed:
    // our figures come from the runs and the log's from devlog.ts, both through summary.json.
    const prose = body
      .replace(PLACEHOLDER, '')
      .replace(/`[^`]*`/g, '')
      .replace(/\]\([^)]*\)/g, ']');
    expect([...prose.matchAll(/\d[\d,.]*/g)].map((m) => m[0])).toEqual([]);
  });

  it("quotes the dev log's figures as devlog.ts holds them", () => {
    expect(summary.devlog).toEqual(devlogFigures());
    expect(summary.devlog.formatted).toEqual({
      alibabaGpus: '6,200',
      alibabaActiveJobs: '1,700',
      ecosSolveSeconds: '3.0',
    });
  });

  it('reads as prose: no em-dashes, no bullet lists, few headers', () => {
    expect(draft).not.toContain('\u2014');
    expect(body.split('\n').filter((line) => /^\s*(?:[-*+]|\d+[.)])\s+\S/.test(line))).toEqual([]);
    expect(body.split('\n').filter((line) => /^#{1,6}\s/.test(line)).length).toBeLessThanOrEqual(3);
  });

  it('shows every chart it references and links the visualizer for a kept run', () => {
    const images = [...body.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(images).toHaveLength(6);
    for (const image of images) expect(existsSync(join(root, 'post', image))).toBe(true);
    expect(body).toContain('({{viewer.alibaba.url}})');
    const run = summary.viewer.alibaba!.run.replace('projects/gpu-scheduling/', '');
    expect(existsSync(join(root, run))).toBe(true);
  });

  it('makes only comparisons the data supports', () => {
    const ali = summary.scales.alibaba!;
    const philly = summary.scales.philly!;
    const share = (v: { shares: Record<string, number | null> }, k: string) => v.shares[k] ?? 0;
    const topPhases = PHASES;
    const largest = (v: { shares: Record<string, number | null> }) =>
      [...topPhases].sort((a, b) => share(v, b) - share(v, a));
    // "for us it is already the largest phase at 108 GPUs"
    expect(largest(philly.variants.mmf!)[0]).toBe('allocation');
    // "Building the model takes ... more than the solve itself"
    expect(share(ali.variants.mmf!, 'allocation_build')).toBeGreaterThan(
      share(ali.variants.mmf!, 'lp_solve'),
    );
    // "a round is N times faster" at both scales
    expect(ali.singleTypeSpeedup.perRound).toBeGreaterThan(1);
    expect(philly.singleTypeSpeedup.perRound).toBeGreaterThan(1);
    // "does not hand the bottleneck to worker assignment ... allocation still the largest, and the
    // rest is spread thinly"
    const single = ali.variants['single-type']!;
    const [first, ...rest] = largest(single);
    expect(first).toBe('allocation');
    for (const phase of rest) expect(share(single, phase)).toBeLessThan(share(single, 'allocation') / 3);
    expect(share(ali.variants['single-type']!, 'worker_assignment')).toBeLessThan(
      summary.devlog.workerAssignmentPct,
    );
    // "the LP runs at Alibaba scale ... well short of the log's 1,700"
    expect(ali.variants.mmf!.maxActiveJobs).toBeLessThan(summary.devlog.alibabaActiveJobs);
    // "less than the noise of a machine shared with other work, and far from the log's 1.35"
    const logging = summary.logging!;
    expect(logging.verboseOverInfo!).toBeLessThan(1 + (summary.devlog.loggingSpeedup - 1) / 2);
    expect(logging.ratioMax! - logging.ratioMin!).toBeGreaterThanOrEqual(
      Math.abs(logging.verboseOverInfo! - 1),
    );
    // "the gap between the two policies is a property of the busy rounds"
    const ends = summary.roundTimeEnds.alibaba!;
    const lpEnds = ends.mmf!;
    const stEnds = ends['single-type']!;
    expect(lpEnds.most.ms / stEnds.most.ms).toBeGreaterThan(lpEnds.fewest.ms / stEnds.fewest.ms);
    expect(lpEnds.most.jobs).toBeGreaterThan(lpEnds.fewest.jobs);
  });
});
