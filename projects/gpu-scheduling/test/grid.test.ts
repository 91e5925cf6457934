import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, analyzeCommitted } from '../src/analyze.ts';
import { runGrid, writeLpScaling } from '../src/experiments.ts';
import { loadResults } from '../src/load.ts';
import { measureLpScaling } from '../src/lp-scaling.ts';
import { readRepeats } from '../src/repeats.ts';
import { resultsComplete } from '../src/results.ts';
import { chartSpecs } from '../src/specs.ts';
import type { Summary } from '../src/summarize.ts';

const TINY = join(import.meta.dirname, 'fixtures', 'tiny.yaml');

// Read the run files the simple way, independently of src/load.ts.
async function readRun(dir: string) {
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
  const table = async (file: string) => {
    const [head, ...lines] = (await readFile(join(dir, file), 'utf8')).trim().split('\n');
    const columns = head!.split(',');
    return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
  };
  const rounds = await table('rounds.csv');
  const jobs = await table('jobs.csv');
  const phase = (name: string) => summary.profile.phases.find((p: { name: string }) => p.name === name);
  return {
    scale: summary.cluster.name as string,
    policy: summary.config.policy as string,
    wall: summary.profile.wallSeconds as number,
    rounds: summary.profile.rounds as number,
    phase,
    utilization: summary.metrics.utilization as number,
    active: rounds.map((r) => Number(r.running) + Number(r.queued)),
    jct: jobs.filter((j) => j.jct !== '').map((j) => Number(j.jct)),
  };
}

describe('the tiny grid, end to end', () => {
  let dir: string;
  let summary: Summary;
  let files: string[];
  let runs: Awaited<ReturnType<typeof readRun>>[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gpu-scheduling-'));
    const results = join(dir, 'runs');
    await runGrid({ grid: TINY, out: results, workers: 2, quiet: true, stderr: 'pipe' });
    await writeLpScaling(join(dir, 'lp-scaling.csv'), await measureLpScaling([20, 60], 1, 1));
    ({ summary, files } = await analyze({
      resultsDir: results,
      lpScalingFile: join(dir, 'lp-scaling.csv'),
      summaryFile: join(dir, 'summary.json'),
      chartsDir: join(dir, 'charts'),
      gridName: 'tiny',
    }));
    const names = ['philly-mmf', 'philly-single-type', 'alibaba-mmf', 'alibaba-single-type'];
    runs = await Promise.all(names.map((name) => readRun(join(results, name))));
  }, 240_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes every run where the viewer looks and a combined CSV', async () => {
    const results = join(dir, 'runs');
    expect(await resultsComplete(results)).toBe(true);
    for (const name of ['philly-mmf', 'alibaba-single-type'])
      expect(existsSync(join(results, name, 'run.gpuviz'))).toBe(true);
    expect(summary.grid).toMatchObject({ runs: 4, notDone: 0, scales: ['philly', 'alibaba'] });
  });

  it('produces every chart, light and dark, as SVG and PNG', async () => {
    const charts = await readdir(join(dir, 'charts'));
    for (const name of Object.keys(chartSpecs(summary))) {
      for (const file of [`${name}.svg`, `${name}.dark.svg`, `${name}.png`, `${name}.dark.png`]) {
        expect(charts).toContain(file);
      }
      const svg = await readFile(join(dir, 'charts', `${name}.svg`), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      // A chart with no marks would still be an <svg>: check that data made it in.
      expect(svg.length).toBeGreaterThan(3000);
    }
    expect(files).toHaveLength(1 + 6 * 4);
  });

  it('has phase shares that match the profiles, recomputed from the run files', () => {
    for (const run of runs) {
      const variant = run.policy === 'max-min-fairness' ? 'mmf' : run.policy;
      const figures = summary.scales[run.scale]!.variants[variant]!;
      for (const phase of ['allocation', 'lp_solve', 'worker_assignment', 'telemetry']) {
        const expected = (100 * (run.phase(phase)?.seconds ?? 0)) / run.wall;
        expect(Math.abs(figures.shares[phase]! - expected)).toBeLessThanOrEqual(0.05 + 1e-9);
      }
      // The summary keeps three significant figures, so the tolerance is relative, not absolute.
      const msPerRound = (1000 * run.wall) / run.rounds;
      expect(Math.abs(figures.msPerRound! - msPerRound)).toBeLessThanOrEqual(0.005 * msPerRound + 1e-9);
      const meanActive = run.active.reduce((a, b) => a + b, 0) / run.active.length;
      expect(Math.abs(figures.meanActiveJobs! - meanActive)).toBeLessThanOrEqual(0.5);
      expect(figures.utilizationPct).toBeCloseTo(100 * run.utilization, 1);
    }
  });

  it('has LP and speedup figures that match the profiles', () => {
    for (const scale of ['philly', 'alibaba']) {
      const lp = runs.find((r) => r.scale === scale && r.policy === 'max-min-fairness')!;
      const single = runs.find((r) => r.scale === scale && r.policy === 'single-type')!;
      const solve = lp.phase('lp_solve');
      const figures = summary.scales[scale]!;
      expect(figures.variants.mmf!.lpMsPerSolve! / ((1000 * solve.seconds) / solve.count)).toBeCloseTo(1, 2);
      const speedup = lp.wall / lp.rounds / (single.wall / single.rounds);
      expect(Math.abs(figures.singleTypeSpeedup.perRound! - speedup)).toBeLessThanOrEqual(0.05 + 1e-9);
    }
  });

  it('has a JCT CDF whose ends and median are the finished jobs', () => {
    const run = runs.find((r) => r.scale === 'philly' && r.policy === 'single-type')!;
    const sorted = [...run.jct].sort((a, b) => a - b);
    const cdf = summary.jctCdf.filter((c) => c.scale === 'philly' && c.variant === 'single-type');
    // The summary keeps four significant figures of hours (the chart's x axis is logarithmic), so
    // the tolerance is relative: half a unit in the fourth figure. An absolute one breaks past 100 h,
    // which this grid's longest job passes (its micro-tasks run on a V100, the first queue Gavel's
    // fill walks, at under half its speed on the idle P100s).
    const expectFourFigures = (actual: number, hours: number) =>
      expect(Math.abs(actual - hours)).toBeLessThanOrEqual(5e-4 * hours);
    expectFourFigures(cdf[0]!.hours, sorted[0]! / 3600);
    expectFourFigures(cdf.at(-1)!.hours, sorted.at(-1)! / 3600);
    const mid = (sorted.length - 1) / 2;
    const median = (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2 / 3600;
    expectFourFigures(cdf.find((c) => c.fraction === 0.5)!.hours, median);
  });

  it('keeps the median of repeated runs, with schedules that do not change', async () => {
    const repeated = join(dir, 'repeated');
    await runGrid({ grid: TINY, out: repeated, workers: 2, quiet: true, stderr: 'pipe', repeats: 3 });
    const rows = await readRepeats(repeated);
    const names = ['philly-mmf', 'philly-single-type', 'alibaba-mmf', 'alibaba-single-type'];
    expect([...new Set(rows.map((r) => r.name))].sort()).toEqual([...names].sort());
    for (const name of names) {
      const own = rows.filter((r) => r.name === name);
      expect(own.map((r) => r.repeat)).toEqual([1, 2, 3]);
      const walls = own.map((r) => r.wallSeconds).sort((a, b) => a - b);
      const kept = own.filter((r) => r.kept);
      expect(kept).toHaveLength(1);
      expect(kept[0]!.wallSeconds).toBe(walls[1]);
      const { profile } = JSON.parse(await readFile(join(repeated, name, 'summary.json'), 'utf8'));
      expect(profile.wallSeconds).toBe(kept[0]!.wallSeconds);
      // Same options, same seed: the same schedule as the unrepeated grid's.
      expect(await readFile(join(repeated, name, 'jobs.csv'), 'utf8')).toBe(
        await readFile(join(dir, 'runs', name, 'jobs.csv'), 'utf8'),
      );
    }
    const { runs: loaded } = await loadResults(repeated);
    expect(loaded.map((r) => r.wallRepeats.length)).toEqual([3, 3, 3, 3]);
    // A resume with nothing to run repeats nothing.
    const before = await readFile(join(repeated, 'repeats.csv'), 'utf8');
    await runGrid({ grid: TINY, out: repeated, workers: 2, quiet: true, stderr: 'pipe', repeats: 3 });
    expect(await readFile(join(repeated, 'repeats.csv'), 'utf8')).toBe(before);
  }, 240_000);

  it('reruns only the runs whose outputs were pruned, as on a fresh clone', async () => {
    const results = join(dir, 'runs');
    const untouched = join(results, 'alibaba-mmf', 'rounds.csv');
    const before = (await stat(untouched)).mtimeMs;
    await rm(join(results, 'philly-mmf', 'rounds.csv'));
    expect(await resultsComplete(results)).toBe(false);
    await runGrid({ grid: TINY, out: results, workers: 1, quiet: true, stderr: 'pipe' });
    expect(await resultsComplete(results)).toBe(true);
    expect((await stat(untouched)).mtimeMs).toBe(before);
  });

  it('rebuilds the same charts from the summary alone, as on a fresh clone, and keeps its figures', async () => {
    const summaryFile = join(dir, 'summary.json');
    const before = await readFile(summaryFile, 'utf8');
    const again = await analyzeCommitted({ summaryFile, chartsDir: join(dir, 'charts-again') });
    expect(await readFile(summaryFile, 'utf8')).toBe(before);
    expect(again.files).toHaveLength(files.length);
    for (const name of Object.keys(chartSpecs(summary))) {
      for (const file of [`${name}.svg`, `${name}.dark.png`]) {
        expect(await readFile(join(dir, 'charts-again', file))).toEqual(
          await readFile(join(dir, 'charts', file)),
        );
      }
    }
    await expect(
      analyzeCommitted({ summaryFile: join(dir, 'absent.json'), chartsDir: join(dir, 'x') }),
    ).rejects.toThrow(
      /absent\.json: expected the committed summary \(ENOENT\); run the experiments with --rerun/,
    );
  });

  it('says which results folder is not a grid', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    expect(await resultsComplete(empty)).toBe(false);
    await writeFile(join(empty, 'summary.csv'), 'index,name,state\n0,gone,done\n');
    expect(await resultsComplete(empty)).toBe(false);
    await expect(
      analyze({ resultsDir: empty, summaryFile: join(dir, 's.json'), chartsDir: dir, gridName: 'x' }),
    ).rejects.toThrow(/gone[/\\]summary\.json/);
  });
});
