/**
 * The issue's Alibaba-scale checks, with the gpu-scheduling project's settings (its default grid:
 * alibaba preset, 60 jobs/h, 600 s rounds, window 4000:5000, 96 simulated hours; and the full grid,
 * which runs until the window completes):
 *
 * - no job waits more than 12 h to start while the cluster is under half busy;
 * - the LP's utilization is at least single-type's on the same jobs.
 *
 *   npx tsx bench/alibaba-checks.ts [--full] [--seeds 1,2,3] [--placement fgd]
 *
 * Prints one line per run and the two verdicts; `npm run bench -w scheduler -- --only alibaba-checks`
 * runs it with the defaults. test/alibaba-scale.test.ts checks the same properties on a smaller cluster.
 */
import { pathToFileURL } from 'node:url';
import { type PlacementName, type RunOptionsInput, runSimulation } from '../src/index.ts';
import { startWaits } from '../src/metrics/waits.ts';

const VARIANTS: { name: string; options: RunOptionsInput }[] = [
  { name: 'mmf', options: { policy: 'max-min-fairness' } },
  { name: 'mmf-penalty', options: { policy: 'max-min-fairness', migrationPenalty: 0.5 } },
  { name: 'single-type', options: { policy: 'single-type' } },
];

export interface CheckRow {
  run: string;
  rounds: number;
  jobs: number;
  endReason: string;
  utilization: number;
  utilizationByType: Record<string, number>;
  avgJctHours: number | null;
  maxWaitHours: number;
  maxWaitUnderHalfBusyHours: number;
  jobsOver12hUnderHalfBusy: number;
  neverStarted: number;
  wallSeconds: number;
}

export async function alibabaChecks(
  options: { full?: boolean; seeds?: number[]; placement?: PlacementName } = {},
): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];
  for (const seed of options.seeds ?? [1]) {
    for (const variant of VARIANTS) {
      const started = performance.now();
      const result = await runSimulation({
        preset: 'alibaba',
        jobsPerHour: 60,
        roundDuration: 600,
        window: '4000:5000',
        ...(options.full ? {} : { maxSimTime: 345600 }),
        placement: options.placement ?? 'fgd',
        seed,
        ...variant.options,
      });
      const waits = startWaits(result, 0.5, 12 * 3600);
      const m = result.summary.metrics;
      rows.push({
        run: `alibaba-${variant.name}-${options.placement ?? 'fgd'}-s${seed}${options.full ? ' (full)' : ''}`,
        rounds: m.rounds,
        jobs: m.jobsArrived,
        endReason: result.summary.endReason,
        utilization: m.utilization,
        utilizationByType: m.utilizationByType,
        avgJctHours: m.avgJct === null ? null : m.avgJct / 3600,
        maxWaitHours: waits.maxWait / 3600,
        maxWaitUnderHalfBusyHours: waits.maxWaitUnderused / 3600,
        jobsOver12hUnderHalfBusy: waits.overLimit,
        neverStarted: waits.neverStarted,
        wallSeconds: (performance.now() - started) / 1000,
      });
    }
  }
  return rows;
}

export function formatChecks(rows: CheckRow[]): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const lines = rows.map(
    (r) =>
      `${r.run}: ${r.rounds} rounds, ${r.jobs} jobs, end ${r.endReason}, utilization ${pct(r.utilization)} ` +
      `(${Object.entries(r.utilizationByType)
        .map(([type, u]) => `${type} ${pct(u)}`)
        .join(
          ', ',
        )}), avg JCT ${r.avgJctHours?.toFixed(2) ?? 'n/a'} h; longest wait to start ${r.maxWaitHours.toFixed(2)} h, ` +
      `of it under half busy ${r.maxWaitUnderHalfBusyHours.toFixed(2)} h; jobs waiting > 12 h under half busy: ${r.jobsOver12hUnderHalfBusy}; ` +
      `never started: ${r.neverStarted}; ${r.wallSeconds.toFixed(1)} s`,
  );
  const waitsOk = rows.every((r) => r.jobsOver12hUnderHalfBusy === 0);
  const bySeed = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const key = r.run.replace(/^alibaba-[a-z-]+?-(fgd|first-fit|best-fit|random)/, '$1');
    const variant = r.run.split('-').slice(1, -2).join('-');
    bySeed.set(key, (bySeed.get(key) ?? new Map()).set(variant, r.utilization));
  }
  const utilOk = [...bySeed.values()].every(
    (v) =>
      (v.get('mmf') ?? 0) >= (v.get('single-type') ?? 1) &&
      (v.get('mmf-penalty') ?? 0) >= (v.get('single-type') ?? 1),
  );
  lines.push(`no job waits > 12 h to start while the cluster is under half busy: ${waitsOk ? 'yes' : 'NO'}`);
  lines.push(`LP utilization >= single-type's on the same jobs: ${utilOk ? 'yes' : 'NO'}`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const seedsAt = args.indexOf('--seeds');
  const placementAt = args.indexOf('--placement');
  const rows = await alibabaChecks({
    full: args.includes('--full'),
    seeds: seedsAt >= 0 ? args[seedsAt + 1]!.split(',').map(Number) : [1],
    placement: placementAt >= 0 ? (args[placementAt + 1] as PlacementName) : 'fgd',
  });
  process.stdout.write(`${formatChecks(rows)}\n`);
  process.stdout.write(`BENCH_ALIBABA_CHECKS ${JSON.stringify(rows)}\n`);
}
