import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSweep } from '../src/sweep/plan.ts';
import { parseSweepSource } from '../src/sweep/source.ts';

const plan = (text: string, file = '/tmp/grid.yaml') => planSweep(parseSweepSource(text, file));
const errorOf = (text: string, file?: string): string => {
  try {
    plan(text, file);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the sweep file to be rejected');
};

describe('sweep plan expansion', () => {
  it('expands axes as a grid, first axis slowest, with indices and default names', () => {
    const result = plan(`
base: { preset: philly, numJobs: 6 }
axes:
  policy: [fifo, isolated]
  seed: [1, 2, 3]
`);
    expect(result.axes).toEqual(['policy', 'seed']);
    expect(result.runs.map((run) => run.name)).toEqual([
      'policy-fifo_seed-1',
      'policy-fifo_seed-2',
      'policy-fifo_seed-3',
      'policy-isolated_seed-1',
      'policy-isolated_seed-2',
      'policy-isolated_seed-3',
    ]);
    expect(result.runs.map((run) => run.index)).toEqual([0, 1, 2, 3, 4, 5]);
    const last = result.runs[5]!;
    expect(last.options.policy).toBe('isolated');
    expect(last.options.seed).toBe(3);
    expect(last.options.numJobs).toBe(6);
    expect(last.labels).toEqual({ policy: 'isolated', seed: '3' });
  });

  it('reads JSON and YAML alike and applies the naming rule', () => {
    const json = plan(
      '{"base": {"numJobs": 4}, "axes": {"placement": ["first-fit", "best-fit"]}, "runName": "{index}-{placement}"}',
      '/tmp/grid.json',
    );
    expect(json.runs.map((run) => run.name)).toEqual(['0-first-fit', '1-best-fit']);
  });

  it('sets several options at once with a group axis, labelled by name', () => {
    const result = plan(`
base: { numJobs: 4 }
axes:
  load:
    - { name: low, jobsPerHour: 10 }
    - { name: high, jobsPerHour: 60, roundDuration: 600 }
  seed: [7]
runName: "{load}-{seed}"
`);
    expect(result.runs.map((run) => [run.name, run.options.jobsPerHour, run.options.roundDuration])).toEqual([
      ['low-7', 10, 360],
      ['high-7', 60, 600],
    ]);
  });

  it('keeps no axis as a single run and gives identical configurations the same hash', () => {
    const one = plan('base: { numJobs: 3, seed: 5 }');
    expect(one.runs).toHaveLength(1);
    expect(one.runs[0]!.name).toBe('run');
    expect(plan('base: { seed: 5, numJobs: 3 }').runs[0]!.configHash).toBe(one.runs[0]!.configHash);
    expect(plan('base: { seed: 6, numJobs: 3 }').runs[0]!.configHash).not.toBe(one.runs[0]!.configHash);
  });

  it('resolves relative file options against the sweep file folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-plan-'));
    writeFileSync(join(dir, 'grid.yaml'), '');
    const result = plan('base: { trace: traces/a.trace }', join(dir, 'grid.yaml'));
    expect(result.runs[0]!.options.trace).toBe(join(dir, 'traces/a.trace'));
  });
});

describe('sweep file errors are one line naming the field', () => {
  const cases: [string, string, RegExp][] = [
    [
      'unknown option in base',
      'base:\n  numJobs: 4\n  polcy: fifo\n',
      /^\/tmp\/grid\.yaml:3: base\.polcy: expected a gpusim run option .*got an unknown key$/,
    ],
    [
      'bad axis value',
      'axes:\n  policy:\n    - fifo\n    - nope\n',
      /^\/tmp\/grid\.yaml:4: axes\.policy\[1\]: run 1: /,
    ],
    [
      'wrong type in base',
      'base:\n  numJobs: many\n',
      /^\/tmp\/grid\.yaml:2: base\.numJobs: run 0: .*number/,
    ],
    ['empty axis', 'axes:\n  seed: []\n', /^\/tmp\/grid\.yaml:2: axes\.seed: expected at least one value$/],
    [
      'unknown top-level key',
      'base: {}\naxis: {}\n',
      /^\/tmp\/grid\.yaml:2: axis: expected one of name, base, axes, runName, results, got an unknown key$/,
    ],
    [
      'unknown placeholder',
      'axes:\n  seed: [1]\nrunName: "{policy}"\n',
      /^\/tmp\/grid\.yaml:3: runName: expected placeholders \{index\} or an axis name \(seed\), got \{policy\}$/,
    ],
    [
      'duplicate names',
      'axes:\n  seed: [1, 2]\nrunName: same\n',
      /runName: expected a distinct name per run, got "same" for runs 0 and 1/,
    ],
    ['reserved name', 'runName: logs\n', /runName: expected run names other than logs/],
    [
      'group value not an object',
      'axes:\n  load: [3]\n',
      /^\/tmp\/grid\.yaml:2: axes\.load\[0\]: expected an object of run options/,
    ],
    [
      'unknown key in a group',
      'axes:\n  load:\n    - { name: a, speed: 3 }\n',
      /^\/tmp\/grid\.yaml:3: axes\.load\[0\]\.speed: expected a gpusim run option/,
    ],
    [
      'conflict between base and axis',
      'base: { trace: a.trace }\naxes:\n  numJobs: [3]\n',
      /^\/tmp\/grid\.yaml:3: axes\.numJobs\[0\]: run 0: cannot be combined with trace/,
    ],
    ['broken YAML', 'base: {numJobs: 3\n', /^\/tmp\/grid\.yaml:\d+: expected valid JSON or YAML, got /],
  ];
  for (const [title, text, expected] of cases) {
    it(title, () => {
      const message = errorOf(text);
      expect(message).toMatch(expected);
      expect(message).not.toContain('\n');
    });
  }

  it('points into JSON files by line too', () => {
    const message = errorOf('{\n  "base": {\n    "seed": -1\n  }\n}\n', '/tmp/grid.json');
    expect(message).toMatch(/^\/tmp\/grid\.json:3: base\.seed: run 0: /);
  });
});
