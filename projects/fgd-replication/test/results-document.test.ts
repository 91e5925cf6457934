import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from 'kit';
import { aggregateResults, parseResultsTable } from 'scheduler/results';
import { describe, expect, it } from 'vitest';
import { POLICIES } from '../src/load.ts';
import { PAPER_FILE, paperCurveSets } from '../src/results-document.ts';

const data = join(import.meta.dirname, '..', 'data');
const file = join(data, 'arrivals', 'fgd-arrivals.results.json');
const table = parseResultsTable(JSON.parse(readFileSync(file, 'utf8')), file);
const summary = JSON.parse(readFileSync(join(data, 'arrivals', 'summary.json'), 'utf8'));
const aggregate = parseCsv(readFileSync(join(data, 'arrivals', 'aggregate.csv'), 'utf8')).records.map(
  (r) => r.values,
);
const SEEDS = Array.from({ length: 10 }, (_, i) => String(42 + i));

describe('data/arrivals/fgd-arrivals.results.json', () => {
  it('has one observation per policy, seed and arrived % 0..130', () => {
    expect(table.seriesAxes).toEqual(['policy']);
    expect(table.replicateAxis).toBe('seed');
    expect(table.metrics).toEqual(['frag_rate', 'frag_over_total', 'unallocated_gpu', 'occupied_nodes']);
    const keys = new Set(table.observations.map((o) => `${o.labels.policy}/${o.labels.seed}/${o.x}`));
    expect(keys.size).toBe(table.observations.length);
    expect(table.observations.length).toBe(6 * 10 * 131);
    expect([...new Set(table.observations.map((o) => o.labels.policy))]).toEqual([...POLICIES]);
    expect([...new Set(table.observations.map((o) => o.labels.seed))].sort()).toEqual(SEEDS);
  });

  it("agrees with the committed summary at 100% and with aggregate.csv's means at every point", () => {
    const series = aggregateResults(table);
    for (const line of series) {
      const policy = line.labels.policy!;
      const at100 = line.points.find((p) => p.x === 100)!;
      for (const metric of table.metrics) {
        expect(at100.metrics[metric]!.n).toBe(10);
        // The document keeps 4 decimals per seed, the summary 4 decimals of the mean.
        expect(
          Math.abs(at100.metrics[metric]!.mean! - summary.policies[policy].at100[metric].mean),
        ).toBeLessThan(1e-4);
      }
      for (const row of aggregate.filter((r) => r.policy === policy && table.metrics.includes(r.metric!))) {
        const point = line.points.find((p) => p.x === Number(row.x))!;
        const ours = point.metrics[row.metric!]!;
        expect(ours.n, `${policy} ${row.metric} ${row.x}`).toBe(Number(row.seeds));
        expect(Math.abs(ours.mean! - Number(row.mean)), `${policy} ${row.metric} ${row.x}`).toBeLessThan(
          1e-4,
        );
      }
    }
    // Fig. 9a's headline: FGD leaves the fewest GPUs unallocated at 100%, random the most.
    const unallocated = series.map((s) => s.points.find((p) => p.x === 100)!.metrics.unallocated_gpu!.mean!);
    expect(Math.min(...unallocated)).toBe(unallocated[POLICIES.indexOf('fgd')]);
    expect(Math.max(...unallocated)).toBe(unallocated[POLICIES.indexOf('random')]);
  });

  it('carries the paper curves of data/paper-curves, one set per panel, nulls kept, with the source', () => {
    expect(table.reference).toEqual(paperCurveSets(data));
    const raw = JSON.parse(readFileSync(join(data, 'paper-curves', PAPER_FILE), 'utf8'));
    const byMetric = (metric: string) => table.reference!.find((set) => set.y.metric === metric)!;
    const fig9a = byMetric('unallocated_gpu');
    expect(fig9a.y.label).toBe('Unallocated GPU (%)');
    expect(fig9a.x.label).toBe('Arrived workloads (% of cluster GPU capacity)');
    expect(fig9a.source).toContain('Weng et al.');
    expect(fig9a.source).toContain('SOURCES.md');
    const fgd = fig9a.curves.find((c) => c.series?.policy === 'fgd')!;
    expect(fgd.x).toEqual(raw.fig9a_unalloc_gpu_pct.demand_pct);
    expect(fgd.y).toEqual(raw.fig9a_unalloc_gpu_pct.fgd);
    // The ideal line is no policy of ours.
    expect(fig9a.curves.find((c) => c.name === 'paper: Ideal')!.series).toBeUndefined();
    const random7a = byMetric('frag_rate').curves.find((c) => c.series?.policy === 'random')!;
    expect(random7a.y[raw.fig7a_frag_rate_pct.demand_pct.indexOf(90)]).toBeNull();
    expect(table.reference!.map((set) => set.y.metric)).toEqual([
      'frag_rate',
      'frag_over_total',
      'unallocated_gpu',
      'occupied_nodes',
    ]);
  });

  it('links seed 42 of each policy to a run made on demand, at the round of each arrived %', () => {
    const linked = table.observations.filter((o) => o.run);
    expect(linked.length).toBe(6 * 131);
    expect(new Set(linked.map((o) => o.labels.seed))).toEqual(new Set(['42']));
    for (const policy of POLICIES) {
      const runs = linked.filter((o) => o.labels.policy === policy).sort((a, b) => a.x - b.x);
      expect(new Set(runs.map((o) => o.run!.name))).toEqual(new Set([`runs/${policy}-s42`]));
      const rounds = runs.map((o) => o.run!.round!);
      expect(rounds[0]).toBe(0);
      // About 10,800 arrivals, 10 a round: the rounds grow with the arrived demand up to ~1,086.
      for (let i = 1; i < rounds.length; i++) expect(rounds[i]!).toBeGreaterThanOrEqual(rounds[i - 1]!);
      expect(rounds.at(-1)!).toBeGreaterThan(1000);
      expect(rounds.at(-1)!).toBeLessThan(1090);
      expect(runs[0]!.run!.regenerate).toBe(
        `npx gpusim arrivals --policy ${policy} --seeds 42 --record-every 10 -q --run-file projects/fgd-replication/data/arrivals/runs/${policy}-s42/run.gpuviz`,
      );
    }
  });
});

describe('paperCurveSets on a bad curves file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fgd-paper-'));
  const write = (content: unknown) => {
    mkdirSync(join(dir, 'paper-curves'), { recursive: true });
    writeFileSync(join(dir, 'paper-curves', PAPER_FILE), JSON.stringify(content));
  };
  const good = JSON.parse(readFileSync(join(data, 'paper-curves', PAPER_FILE), 'utf8'));

  it('names the file, the panel and the field in one line', () => {
    try {
      write({ ...good, fig9a_unalloc_gpu_pct: { ...good.fig9a_unalloc_gpu_pct, fgd: [25, 'x'] } });
      expect(() => paperCurveSets(dir)).toThrow(
        /fgd_atc2023_fig7_fig9\.json: fig9a_unalloc_gpu_pct: curves\[5\]\.y(\[1\])?: expected .*number/,
      );
      const { fig9b_occupied_nodes: _, ...missing } = good;
      write(missing);
      expect(() => paperCurveSets(dir)).toThrow(
        /fgd_atc2023_fig7_fig9\.json: fig9b_occupied_nodes: expected the digitized panel of Fig\. 9b, got none/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
