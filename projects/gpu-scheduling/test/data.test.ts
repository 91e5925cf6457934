import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../src/summarize.ts';

// The committed figures against the committed per-run profiles: each run's summary.json is kept in
// the repository (see .gitignore), so this recomputation works on a fresh clone too.
const root = join(import.meta.dirname, '..');
const runsDir = join(root, 'data', 'runs');
const summary = JSON.parse(readFileSync(join(root, 'data', 'summary.json'), 'utf8')) as Summary;

interface Profiled {
  cluster: { name: string };
  config: { policy: string; migrationPenalty?: number; placement: string };
  metrics: { avgFragmentationRate: number };
  profile: {
    wallSeconds: number;
    rounds: number;
    phases: { name: string; seconds: number; count: number }[];
  };
}

const runs = readdirSync(runsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(runsDir, entry.name, 'summary.json')))
  .map((entry) => JSON.parse(readFileSync(join(runsDir, entry.name, 'summary.json'), 'utf8')) as Profiled);

const variant = (run: Profiled) =>
  run.config.policy === 'max-min-fairness'
    ? run.config.migrationPenalty
      ? 'mmf-penalty'
      : 'mmf'
    : run.config.policy;
const seconds = (group: Profiled[], phase: string) =>
  group.reduce((total, run) => total + (run.profile.phases.find((p) => p.name === phase)?.seconds ?? 0), 0);
const wall = (group: Profiled[]) => group.reduce((total, run) => total + run.profile.wallSeconds, 0);

describe('data/summary.json', () => {
  it('covers every run of the default grid', () => {
    const csv = readFileSync(join(runsDir, 'summary.csv'), 'utf8').trim().split('\n');
    expect(summary.grid.runs).toBe(csv.length - 1);
    expect(runs).toHaveLength(summary.grid.runs);
    expect(summary.grid.notDone).toBe(0);
  });

  it('has the phase shares and per-round times of the runs, pooled per scale and policy', () => {
    let checked = 0;
    for (const [scale, figures] of Object.entries(summary.scales)) {
      for (const [name, v] of Object.entries(figures.variants)) {
        const group = runs.filter((r) => r.cluster.name === scale && variant(r) === name);
        expect(group).toHaveLength(v.runs);
        for (const phase of [
          'allocation',
          'lp_solve',
          'allocation_build',
          'worker_assignment',
          'job_arrivals',
        ]) {
          expect(
            Math.abs(v.shares[phase]! - (100 * seconds(group, phase)) / wall(group)),
          ).toBeLessThanOrEqual(0.051);
        }
        const rounds = group.reduce((total, run) => total + run.profile.rounds, 0);
        expect(v.msPerRound! / ((1000 * wall(group)) / rounds)).toBeCloseTo(1, 2);
        checked++;
      }
    }
    expect(checked).toBe(8);
  });

  it('has the speedups and fragmentation rates of the runs', () => {
    for (const [scale, figures] of Object.entries(summary.scales)) {
      const perRound = (name: string) => {
        const group = runs.filter((r) => r.cluster.name === scale && variant(r) === name);
        return wall(group) / group.reduce((total, run) => total + run.profile.rounds, 0);
      };
      expect(
        Math.abs(figures.singleTypeSpeedup.perRound! - perRound('mmf') / perRound('single-type')),
      ).toBeLessThanOrEqual(0.051);
      for (const [placement, rate] of Object.entries(figures.fragmentationByPlacement)) {
        const group = runs.filter((r) => r.cluster.name === scale && r.config.placement === placement);
        const mean =
          group.reduce((total, run) => total + 100 * run.metrics.avgFragmentationRate, 0) / group.length;
        expect(Math.abs(rate! - mean)).toBeLessThanOrEqual(0.0051);
      }
    }
  });

  it('keeps the median repeat of every run, as repeats.csv records', () => {
    const csv = readFileSync(join(runsDir, 'repeats.csv'), 'utf8').trim().split('\n').slice(1);
    const rows = csv.map((line) => {
      const [name, repeat, wall, kept] = line.split(',');
      return { name: name!, repeat: Number(repeat), wall: Number(wall), kept: kept === 'true' };
    });
    const names = readdirSync(runsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(runsDir, entry.name, 'summary.json')))
      .map((entry) => entry.name);
    expect(new Set(rows.map((r) => r.name))).toEqual(new Set(names));
    for (const name of names) {
      const own = rows.filter((r) => r.name === name);
      expect(own).toHaveLength(summary.scales.alibaba!.timing.repeats);
      const walls = own.map((r) => r.wall).sort((a, b) => a - b);
      const kept = own.find((r) => r.kept)!;
      expect(kept.wall).toBe(walls[Math.floor((walls.length - 1) / 2)]);
      const run = JSON.parse(readFileSync(join(runsDir, name, 'summary.json'), 'utf8')) as Profiled;
      expect(run.profile.wallSeconds).toBe(kept.wall);
    }
  });

  it("has Gavel's integration test as data/gavel ran it", () => {
    const [head, ...lines] = readFileSync(join(root, 'data', 'gavel', 'summary.csv'), 'utf8')
      .trim()
      .split('\n');
    const columns = head!.split(',');
    const jct = (policy: string, fill: string) => {
      const row = lines
        .map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])))
        .find((r) => r.policy === policy && r.fill === fill)!;
      return Number(row.avgJct);
    };
    const gavel = summary.gavel!;
    expect(gavel.ours.aware).toBeCloseTo(jct('max-min-fairness', 'gavel'), 2);
    expect(gavel.ours.agnostic).toBeCloseTo(jct('max-min-fairness-agnostic', 'gavel'), 2);
    expect(gavel.withoutFill!.aware).toBeCloseTo(jct('max-min-fairness', 'no-leftover-fill'), 2);
    // Gavel's own goldens (integration_test.py), not ours.
    expect(gavel.golden.aware).toBeCloseTo(57171.41, 2);
    expect(gavel.golden.agnostic).toBeCloseTo(73063.45, 2);
  });

  it('compares with the dev log using its own 3.0 s ECOS solve', () => {
    const largest = summary.lpScaling!.largest!;
    expect(summary.comparison.ecosOverColdSolve! / (3000 / largest.solveMs)).toBeCloseTo(1, 1);
  });
});
