import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseSweepSource,
  planSweep,
  RUN_OPTION_KEYS,
  readSweepResults,
  readSweepSource,
  runSweep,
  writeAggregate,
} from 'scheduler';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { setupOf } from '../src/analyze.ts';
import { curveSetOf, curvesText, FIGURE_NAMES, FIGURES, readPaperFigures } from '../src/curves.ts';
import { loadFigure } from '../src/load.ts';

const project = join(dirname(fileURLToPath(import.meta.url)), '..');
const curvesDir = join(project, 'data', 'paper-curves');
const sweepFile = (name: string) => join(project, 'sweeps', `${name}.yaml`);

describe('the figures sweep files', () => {
  const paper = readPaperFigures(curvesDir);

  for (const figure of FIGURE_NAMES) {
    it(`${figure}: Gavel's setup with every base setting traced to its source, the curves' rates, at least 3 seeds`, () => {
      const text = readFileSync(sweepFile(figure), 'utf8');
      const base = parseDocument(text).toJS().base as Record<string, unknown>;
      for (const key of Object.keys(base)) {
        expect(RUN_OPTION_KEYS).toContain(key);
        // Each setting says on its line where in Gavel it comes from.
        expect(text.split('\n').find((line) => line.trimStart().startsWith(`${key}:`))).toMatch(/ # \S/);
      }
      const plan = planSweep(parseSweepSource(text, sweepFile(figure)));
      const spec = FIGURES[figure];
      const rates = paper[spec.key]!.jobs_per_hr;
      expect(plan.axes).toEqual(['policy', 'jobsPerHour', 'seed']);
      const values = (axis: string) => [...new Set(plan.runs.map((run) => run.labels[axis]))];
      expect(values('policy')).toEqual([spec.aware, spec.agnostic]);
      expect(values('jobsPerHour').map(Number)).toEqual(rates);
      expect(values('seed').length).toBeGreaterThanOrEqual(3);
      expect(plan.runs).toHaveLength(2 * rates.length * values('seed').length);
      for (const run of plan.runs) {
        expect(run.options).toMatchObject({
          cluster: 'v100=36,p100=36,k80=36',
          gpusPerNode: 1,
          workload: 'gavel',
          multiGpu: figure !== 'fig9a',
          multiPriority: false,
          allAtStart: false,
          roundDuration: 360,
          minReallocationInterval: 1920,
          window: '4000:5000',
          maxWindowJct: 100 * 3600,
          windowDeadline: 5000 * 3600,
          // Gavel's mechanism, quirks included (packages/scheduler README, "Where gpusim differs").
          unallocatedJobs: 'hold',
          earlyReset: true,
          idleCredit: true,
          leftoverFill: true,
        });
        expect(run.options.migrationPenalty).toBeUndefined();
      }
      expect(plan.results).toEqual({
        x: 'jobsPerHour',
        over: 'seed',
        metric: 'avgJct',
        accept: ['window'],
        reference: [join(curvesDir, `${figure}.curves.json`)],
      });
    });
  }

  it('the gpusim-curves files are what npm run curves makes from the digitized file', () => {
    for (const figure of FIGURE_NAMES) {
      const committed = readFileSync(join(curvesDir, `${figure}.curves.json`), 'utf8');
      expect(committed, `${figure}: run npm run curves -w gavel-replication`).toBe(
        curvesText(curveSetOf(paper, figure)),
      );
    }
    // Spot checks against the paper's own numbers (hours): Figure 9a's flat region and Figure 11a's tail.
    const fig9a = curveSetOf(paper, 'fig9a');
    expect(fig9a.curves[0]!.y.slice(0, 3)).toEqual([16, 18, 17]);
    expect(fig9a.curves[1]!.series).toEqual({ policy: 'max-min-fairness-agnostic' });
    expect(curveSetOf(paper, 'fig11a').curves[1]!.y.at(-1)).toBeNull();
  });

  it('the copy of the digitized file is byte for byte the shared one, when the shared folder is there', async () => {
    const { sharedPath } = await import('kit');
    const shared = sharedPath('data', 'scheduler', 'paper-curves', 'gavel_osdi2020_fig9a_10a_11a.json');
    if (!shared) {
      console.warn('skipping the comparison with ../shared: the shared data folder is absent');
      return;
    }
    expect(readFileSync(join(curvesDir, 'gavel_osdi2020_fig9a_10a_11a.json'))).toEqual(readFileSync(shared));
  });
});

describe('the smoke grid', () => {
  const out = mkdtempSync(join(tmpdir(), 'gavel-smoke-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs, aggregates per rate and policy over 3 seeds, and carries Figure 11a curves', async () => {
    const plan = planSweep(await readSweepSource(sweepFile('smoke')));
    expect(plan.runs).toHaveLength(12);
    const report = await runSweep(sweepFile('smoke'), { outDir: out, workers: 2 });
    expect(report.failed).toEqual([]);
    const table = await readSweepResults(out);
    expect(table.reference?.[0]?.title).toBe(FIGURES.fig11a.title);
    const files = await writeAggregate(out, table);
    expect(files.series.map((s) => s.key)).toEqual([
      'policy=finish-time-fairness',
      'policy=finish-time-fairness-agnostic',
    ]);
    for (const line of files.series) {
      expect(line.points.map((p) => p.x)).toEqual([0.5, 2.5]);
      for (const point of line.points) {
        expect(point.n + Object.values(point.excluded).reduce((a, b) => a + b, 0)).toBe(3);
        if (point.n > 0) expect(point.metrics.avgJct!.mean).toBeGreaterThan(0);
      }
    }
    // The loader reads the setup the post states from the manifest, not from constants.
    const data = await loadFigure(out);
    expect(data.setup).toEqual({
      cluster: 'v100=36,p100=36,k80=36',
      roundSeconds: 360,
      resetSeconds: 1920,
      window: '20:60',
      seeds: [0, 1, 2],
      rates: [0.5, 2.5],
    });
    expect({ limit: data.limit, deadline: data.deadline, runs: data.runs }).toEqual({
      limit: 100,
      deadline: undefined,
      runs: 12,
    });
    expect(setupOf(data)).toMatchObject({
      gpus: 108,
      resetFormatted: '1,920',
      resetMinutes: 32,
      windowFirst: 20,
      windowJobs: 40,
    });
  });
});
