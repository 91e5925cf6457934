import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeRun } from 'scheduler/format';
import { afterAll, describe, expect, it } from 'vitest';
import { listRuns, patternsFrom } from '../server/runs-plugin.ts';
import { listSweeps, sweepPatternsFrom } from '../server/sweeps.ts';

const dir = mkdtempSync(join(tmpdir(), 'gpuviz-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function put(path: string, bytes: Uint8Array, mtime: number): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), bytes);
  utimesSync(join(dir, path), mtime, mtime);
}

describe('run list of the dev server', () => {
  put(
    'projects/a/data/old/run.gpuviz',
    synthesizeRun({ rounds: 5, jobs: 5, seed: 1, config: { policy: 'fifo' } }).bytes,
    1000,
  );
  put(
    'projects/a/data/new/run.gpuviz',
    synthesizeRun({ rounds: 5, jobs: 5, seed: 2, config: { policy: 'isolated', jobsPerHour: 2.123456 } })
      .bytes,
    2000,
  );
  put('out/x/run.gpuviz', new TextEncoder().encode('not a run'), 1500);
  put('projects/a/node_modules/y/run.gpuviz', new Uint8Array(4), 3000);

  it('lists the default places newest first, with tags or the reason a file is unreadable', async () => {
    const { runs } = await listRuns(dir, patternsFrom(undefined));
    expect(runs.map((r) => r.name)).toEqual(['projects/a/data/new', 'out/x', 'projects/a/data/old']);
    expect(runs[0]!.tags).toEqual({
      policy: 'isolated',
      placement: 'first-fit',
      preset: 'philly',
      load: '2.123',
      seed: '2',
    });
    expect(runs[1]!.error).toMatch(/not a run\.gpuviz file at byte 0/);
    expect(runs[0]!.url).toBe(`/@gpuviz/file/${encodeURIComponent('projects/a/data/new/run.gpuviz')}`);
  });

  it('takes folders or globs from GPUVIZ_RUNS', async () => {
    const folder = await listRuns('/nonexistent', patternsFrom(` ${join(dir, 'projects/a/data')} `));
    expect(folder.runs.map((r) => r.name).sort()).toEqual(['new', 'old']);
    const globbed = await listRuns(dir, patternsFrom('out/**/*.gpuviz,projects/*/data/old/*.gpuviz'));
    expect(globbed.runs.map((r) => r.name).sort()).toEqual(['out/x', 'projects/a/data/old']);
  });
});

describe('sweep list of the dev server', () => {
  const sweeps = mkdtempSync(join(tmpdir(), 'gpuviz-sweeps-'));
  afterAll(() => rmSync(sweeps, { recursive: true, force: true }));
  const manifest = (name: string, runs: number) => ({
    format: 'gpusim-sweep/1',
    name,
    axes: ['seed'],
    runs: Array.from({ length: runs }, (_, i) => ({
      index: i,
      name: `s${i}`,
      labels: { seed: String(i) },
      options: {},
      configHash: 'x',
    })),
    results: { accept: ['window'], reference: [] },
  });
  const write = (path: string, value: unknown, mtime: number) => {
    mkdirSync(join(sweeps, path, '..'), { recursive: true });
    writeFileSync(join(sweeps, path), typeof value === 'string' ? value : JSON.stringify(value));
    utimesSync(join(sweeps, path), mtime, mtime);
  };
  write('out/gavel/fig9a/sweep.json', manifest('fig9a', 3), 1000);
  write('projects/p/data/fig/sweep.json', manifest('fig', 2), 2000);
  write(
    'projects/p/data/arrivals.results.json',
    {
      format: 'gpusim-results/1',
      name: 'arrivals',
      x: { name: 'pct' },
      seriesAxes: [],
      metrics: [],
      observations: [],
    },
    1500,
  );
  write('out/broken/sweep.json', '{"format": "v0"}', 500);

  it('finds results folders and results documents under the default places, newest first', async () => {
    const { sweeps: found } = await listSweeps(sweeps, sweepPatternsFrom(undefined, undefined));
    expect(found.map((s) => [s.key, s.name, s.kind, s.runs])).toEqual([
      ['projects/p/data/fig', 'fig', 'sweep', 2],
      ['projects/p/data/arrivals.results.json', 'arrivals', 'results', 0],
      ['out/gavel/fig9a', 'fig9a', 'sweep', 3],
      ['out/broken', 'out/broken', 'sweep', 0],
    ]);
    expect(found[3]!.error).toMatch(/sweep\.json: format: expected "gpusim-sweep\/1", got "v0"/);
  });

  it('takes GPUVIZ_SWEEPS, else the folders of GPUVIZ_RUNS', async () => {
    expect(sweepPatternsFrom('a/**/sweep.json, b', 'c')).toEqual(['a/**/sweep.json', 'b']);
    expect(sweepPatternsFrom(undefined, `${join(sweeps, 'out')},x/**/*.gpuviz`)).toEqual([
      join(sweeps, 'out'),
    ]);
    const { sweeps: found } = await listSweeps('/nonexistent', [join(sweeps, 'out')]);
    expect(found.map((s) => s.key).sort()).toEqual(['broken', 'gavel/fig9a']);
  });
});
