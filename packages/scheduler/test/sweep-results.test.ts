import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseCsv } from 'kit';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateResults, meanAndStd } from '../src/results/aggregate.ts';
import { parseCurveSet, parseResultsTable } from '../src/results/parse.ts';
import type { Observation } from '../src/results/types.ts';
import { readManifest } from '../src/sweep/manifest.ts';
import { planSweep } from '../src/sweep/plan.ts';
import { readSweepResults, writeAggregate } from '../src/sweep/results.ts';
import { runSweep } from '../src/sweep/run-sweep.ts';
import { parseSweepSource } from '../src/sweep/source.ts';
import { removeSweepDirs, sweepDir, writeSweep } from './sweep-fixtures.ts';

afterAll(removeSweepDirs);
const exec = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/gpusim.js', import.meta.url));

describe('aggregation over replicates', () => {
  it('gives the mean, the sample standard deviation and n, skipping excluded observations', () => {
    expect(meanAndStd([2, 4, 9])).toEqual({ mean: 5, std: Math.sqrt(((2 - 5) ** 2 + 1 + 16) / 2), n: 3 });
    expect(meanAndStd([7])).toEqual({ mean: 7, std: null, n: 1 });
    expect(meanAndStd([])).toEqual({ mean: null, std: null, n: 0 });
    // Large offsets do not cancel.
    expect(meanAndStd([1e9 + 1, 1e9 + 2, 1e9 + 3]).std).toBeCloseTo(1, 9);

    const at = (
      policy: string,
      x: number,
      seed: string,
      value: number | null,
      excluded?: string,
    ): Observation => ({
      labels: { policy, seed },
      x,
      values: { jct: value },
      ...(excluded ? { excluded } : {}),
    });
    const series = aggregateResults({
      seriesAxes: ['policy'],
      metrics: ['jct'],
      observations: [
        at('b', 2, '0', 10),
        at('a', 1, '0', 1),
        at('a', 1, '1', 3),
        at('a', 0.5, '0', 5),
        at('b', 2, '1', 1e6, 'jct-cutoff'),
        at('b', 2, '2', null),
        at('b', 1, '0', 4, 'failed'),
      ],
    });
    expect(series.map((s) => s.key)).toEqual(['policy=b', 'policy=a']);
    const [b, a] = series;
    expect(a!.points.map((p) => [p.x, p.n, p.metrics.jct])).toEqual([
      [0.5, 1, { mean: 5, std: null, n: 1 }],
      [1, 2, { mean: 2, std: Math.SQRT2, n: 2 }],
    ]);
    // b at x = 2: three replicates, one cut off, one without a value.
    expect(b!.points.map((p) => [p.x, p.n, p.excluded, p.metrics.jct])).toEqual([
      [1, 0, { failed: 1 }, { mean: null, std: null, n: 0 }],
      [2, 2, { 'jct-cutoff': 1 }, { mean: 10, std: null, n: 1 }],
    ]);
    expect(b!.points[1]!.observations).toHaveLength(3);
  });
});

const GRID = `
name: loads
base: { preset: philly, numJobs: 6 }
axes:
  policy: [fifo, isolated]
  jobsPerHour: [20, 40]
  seed: [1, 2, 3]
runName: "{policy}-{jobsPerHour}-s{seed}"
results:
  metric: makespan
  reference: paper.json
`;

const CURVES = {
  format: 'gpusim-curves/1',
  title: 'A paper figure',
  source: 'digitized by hand',
  x: { label: 'jobs/hour' },
  y: { metric: 'avgJct', label: 'JCT (hours)', scale: 3600 },
  curves: [{ name: 'paper: fifo', series: { policy: 'fifo' }, x: [20, 40], y: [1.5, null] }],
};

describe('gpusim sweep aggregate on a real sweep', () => {
  const dir = sweepDir('results');
  const file = writeSweep(dir, GRID);
  writeFileSync(join(dir, 'paper.json'), JSON.stringify(CURVES));
  const out = join(dir, 'results');

  it('writes a manifest, then per-x mean, std and n per policy equal to the runs in summary.csv', async () => {
    const report = await runSweep(file, { outDir: out, workers: 2 });
    expect(report.failed).toEqual([]);
    const manifest = await readManifest(out);
    expect(manifest.axes).toEqual(['policy', 'jobsPerHour', 'seed']);
    expect(manifest.runs).toHaveLength(12);
    expect(manifest.results.reference[0]!.curves[0]!.name).toBe('paper: fifo');
    // It names its sweep file relative to itself, so a run can be made again from the folder alone.
    expect(resolve(out, manifest.sweepFile!)).toBe(resolve(file));

    const { stdout } = await exec(process.execPath, [BIN, 'sweep', 'aggregate', out]);
    expect(stdout).toBe(`${join(out, 'aggregate.csv')}\n${join(out, 'aggregate.json')}\n`);
    const runs = parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8')).records.map((r) => r.values);
    const rows = parseCsv(readFileSync(join(out, 'aggregate.csv'), 'utf8')).records.map((r) => r.values);
    expect(Object.keys(rows[0]!)).toEqual([
      'policy',
      'jobsPerHour',
      'metric',
      'n',
      'mean',
      'std',
      'excluded',
    ]);
    for (const policy of ['fifo', 'isolated']) {
      for (const rate of ['20', '40']) {
        const values = runs
          .filter((r) => r.policy === policy && r.jobsPerHour === rate)
          .map((r) => Number(r.avgJct));
        expect(values).toHaveLength(3);
        const mean = values.reduce((a, b) => a + b, 0) / 3;
        const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / 2);
        const row = rows.find((r) => r.policy === policy && r.jobsPerHour === rate && r.metric === 'avgJct')!;
        expect([row.n, row.excluded]).toEqual(['3', '']);
        expect(Number(row.mean)).toBeCloseTo(mean, 6);
        expect(Number(row.std)).toBeCloseTo(std, 6);
      }
    }
    const document = JSON.parse(readFileSync(join(out, 'aggregate.json'), 'utf8'));
    expect(document.series.map((s: { key: string }) => s.key)).toEqual(['policy=fifo', 'policy=isolated']);
    expect(document.series[0].points[0].runs).toEqual([
      { name: 'fifo-20-s1', seed: '1' },
      { name: 'fifo-20-s2', seed: '2' },
      { name: 'fifo-20-s3', seed: '3' },
    ]);
  });

  it('reads the results as a table with the default metric, reference curves and run links', async () => {
    const table = await readSweepResults(out);
    expect(table.x).toEqual({ name: 'jobsPerHour' });
    expect(table.seriesAxes).toEqual(['policy']);
    expect(table.replicateAxis).toBe('seed');
    expect(table.defaultMetric).toBe('makespan');
    expect(table.metrics).toContain('utilizationByType.k80');
    expect(table.reference?.[0]?.y).toEqual({ metric: 'avgJct', label: 'JCT (hours)', scale: 3600 });
    expect(table.observations[0]!.run).toEqual({ name: 'fifo-20-s1' });
    // The table is a valid results document (what other experiments would write by hand).
    expect(parseResultsTable(JSON.parse(JSON.stringify(table)), 't.json').observations).toHaveLength(12);
  });

  it('leaves out runs not done with this configuration and end reasons the sweep does not accept', async () => {
    rmSync(join(out, 'status', 'isolated-40-s2.json'));
    const manifest = await readManifest(out);
    const table = await readSweepResults(out, {
      manifest: { ...manifest, results: { ...manifest.results, accept: ['window'] } },
    });
    const excluded = table.observations.map((o) => o.excluded);
    expect(excluded.filter((e) => e === 'pending')).toHaveLength(1);
    expect(excluded.filter((e) => e === 'completed')).toHaveLength(11);
    const files = await writeAggregate(out, await readSweepResults(out));
    const point = files.series[1]!.points[1]!;
    expect([point.x, point.n, point.excluded]).toEqual([40, 2, { pending: 1 }]);
    const rows = parseCsv(readFileSync(files.csv, 'utf8')).records.map((r) => r.values);
    expect(rows.find((r) => r.policy === 'isolated' && r.jobsPerHour === '40')!.excluded).toBe('pending=1');
  });

  it('takes x from a run option a group axis sets, and the sweep file for an older folder', async () => {
    const groups = writeSweep(
      dir,
      `base: { preset: philly, numJobs: 4 }
axes:
  load:
    - { name: low, jobsPerHour: 10 }
    - { name: high, jobsPerHour: 30, roundDuration: 600 }
  seed: [1, 2]
results: { x: jobsPerHour }
`,
      'groups.yaml',
    );
    const groupOut = join(dir, 'groups');
    await runSweep(groups, { outDir: groupOut, workers: 2 });
    rmSync(join(groupOut, 'sweep.json'));
    await expect(exec(process.execPath, [BIN, 'sweep', 'aggregate', groupOut])).rejects.toMatchObject({
      stderr: expect.stringMatching(
        /sweep\.json: expected the manifest `gpusim sweep run` writes, got no such file \(.*--sweep <file>\)\n$/,
      ),
    });
    await exec(process.execPath, [BIN, 'sweep', 'aggregate', groupOut, '--sweep', groups]);
    const document = JSON.parse(readFileSync(join(groupOut, 'aggregate.json'), 'utf8'));
    expect(document.seriesAxes).toEqual([]);
    expect(document.series[0].key).toBe('all');
    expect(document.series[0].points.map((p: { x: number; n: number }) => [p.x, p.n])).toEqual([
      [10, 2],
      [30, 2],
    ]);
  });

  it('refuses an x it cannot read as a number, in one line', async () => {
    await expect(
      exec(process.execPath, [BIN, 'sweep', 'aggregate', out, '--x', 'policy']),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(
        /^gpusim: --x: expected a number for policy in every run of loads, got "fifo" in run fifo-20-s1\n$/,
      ),
    });
    await expect(
      exec(process.execPath, [BIN, 'sweep', 'aggregate', out, '--over', 'speed']),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(
        /--over: expected an axis of loads \(policy, jobsPerHour, seed\), got "speed"/,
      ),
    });
  });
});

describe('results settings in the sweep file', () => {
  const plan = (text: string) => () => planSweep(parseSweepSource(text, '/tmp/grid.yaml'));
  it('checks x and over against the grid, pointing at the line', () => {
    const axes = 'base: { numJobs: 3 }\naxes:\n  seed: [1, 2]\n  jobsPerHour: [1, 2]\n';
    expect(plan(`${axes}results:\n  x: speed\n`)).toThrow(
      /^\/tmp\/grid\.yaml:6: results\.x: expected an axis or a run option an axis sets \(seed, jobsPerHour\), got "speed"$/,
    );
    expect(plan(`${axes}results:\n  over: policy\n`)).toThrow(
      /grid\.yaml:6: results\.over: expected an axis \(seed, jobsPerHour\), got "policy"/,
    );
    expect(plan(`${axes}results:\n  x: seed\n`)).toThrow(
      /results\.x: expected an axis other than the replicate axis "seed"/,
    );
    expect(plan(`${axes}results:\n  accept: []\n`)).toThrow(
      /results\.accept: expected at least one end reason/,
    );
    const ok = plan(
      `${axes}results:\n  x: jobsPerHour\n  accept: [window, jct-cutoff]\n  reference: [a.json, /abs/b.json]\n`,
    )();
    expect(ok.results).toEqual({
      x: 'jobsPerHour',
      over: 'seed',
      accept: ['window', 'jct-cutoff'],
      reference: ['/tmp/a.json', '/abs/b.json'],
    });
    expect(plan(axes)().results).toEqual({ over: 'seed', accept: ['window', 'completed'], reference: [] });
  });
});

describe('curve files', () => {
  it('accept named (x, y) series with an optional band, and name the field that is wrong', () => {
    expect(parseCurveSet(CURVES, 'c.json').curves[0]!.y).toEqual([1.5, null]);
    const bad = (patch: unknown) => () => parseCurveSet({ ...CURVES, ...(patch as object) }, 'c.json');
    expect(bad({ format: 'v2' })).toThrow(/^c\.json: format: expected "gpusim-curves\/1", got "v2"$/);
    expect(bad({ curves: [{ name: 'a', x: [1, 2], y: [1] }] })).toThrow(
      /^c\.json: curves\[0\]\.y: expected 2 values, one per x, got 1$/,
    );
    expect(bad({ curves: [{ name: 'a', x: [1], y: ['x'] }] })).toThrow(
      /^c\.json: curves\[0\]\.y\[0\]: .*got "x"$/,
    );
    expect(bad({ y: { metric: 'avgJct', scale: -1 } })).toThrow(
      /^c\.json: y\.scale: expected a number > 0, got -1$/,
    );
  });
});
