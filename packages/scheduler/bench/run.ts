/**
 * The issue's benchmark: `npm run bench -w scheduler` (add `-- --rounds 1500` for a shorter
 * Alibaba run, `-- --only philly` for one scenario, `policies`, `finish-time`, `native-lp`,
 * `alibaba-checks`, `format` or `arrivals` for those parts, `pod-list` for the two GPU-sharing
 * runs). Each scenario runs in its own child process so peak RSS is its own. Prints figures; asserts nothing.
 * Scenarios use fgd placement (fifo, single-type, the LP with and without a migration penalty and
 * equal share at Alibaba scale) in steady state with a window that cannot complete, so each run
 * lasts exactly the requested rounds. The pod-list runs (GPU sharing, from the shared data folder)
 * run the openb pod list to completion on the openb node list: as recorded, and busy (arrivals
 * 2,000x closer on one node in four, bench/pod-list.ts).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type PolicyName, type RunOptionsInput, runSimulation } from '../src/index.ts';
import { alibabaChecks, formatChecks } from './alibaba-checks.ts';
import { runArrivalsBenchmark } from './arrivals.ts';
import { formatFinishTimeBench, runFinishTimeBenchmark } from './finish-time.ts';
import { formatNativeComparison, runNativeComparison } from './native-lp.ts';
import { compressedPodList, nodeListPart, openbFiles } from './pod-list.ts';
import { formatPolicyBench, runPolicyBenchmark } from './policies.ts';

interface Scenario {
  name: string;
  /** A function when making the options writes files (only the child that runs it calls it). */
  options: RunOptionsInput | (() => RunOptionsInput);
}

const optionsOf = (scenario: Scenario): RunOptionsInput =>
  typeof scenario.options === 'function' ? scenario.options() : scenario.options;

/** The openb pod list on the openb node list with GPU sharing and fgd placement, run to completion. */
function podListScenarios(): Scenario[] {
  const files = openbFiles();
  if (!files) return [];
  const sharing = { placement: 'fgd', roundDuration: 600, profile: true } as const;
  return [
    {
      name: 'alibaba-pod-list',
      options: { ...sharing, cluster: files.nodes, podList: files.pods, policy: 'fifo' },
    },
    {
      name: 'alibaba-pod-list-busy',
      options: () => ({
        ...sharing,
        cluster: nodeListPart(files.nodes, 4),
        podList: compressedPodList(files.pods, 2000),
        policy: 'max-min-fairness',
      }),
    },
  ];
}

/** The issue's Alibaba workload (60 jobs/h, 600 s rounds) with a window that never completes. */
function alibaba(name: string, policy: PolicyName, rounds: number, extra: RunOptionsInput = {}): Scenario {
  return {
    name,
    options: {
      ...extra,
      preset: 'alibaba',
      jobsPerHour: 60,
      roundDuration: 600,
      window: '100000:100001',
      maxSimTime: 600 * rounds,
      policy,
      placement: 'fgd',
      profile: true,
    },
  };
}

function scenarios(rounds: number): Scenario[] {
  return [
    {
      name: 'philly',
      options: {
        preset: 'philly',
        jobsPerHour: 2,
        roundDuration: 360,
        window: '4000:5000',
        maxSimTime: 360 * 40000,
        policy: 'fifo',
        placement: 'fgd',
        profile: true,
      },
    },
    alibaba('alibaba', 'fifo', rounds),
    alibaba('alibaba-single-type', 'single-type', rounds),
    // The LP re-solves on every job-set change: a third of the rounds keep it to minutes.
    alibaba('alibaba-lp', 'max-min-fairness', Math.ceil(rounds / 3)),
    // With the migration penalty most re-solves keep the kept jobs in place (penalty-shortcut.ts).
    alibaba('alibaba-lp-penalty', 'max-min-fairness', Math.ceil(rounds / 3), { migrationPenalty: 0.5 }),
    // Equal share rotates jobs over types every round: the worst case for lease churn.
    alibaba('alibaba-isolated', 'isolated', rounds),
    ...podListScenarios(),
  ];
}

const selected = (name: string) =>
  !only || name === only || (only === 'pod-list' && name.startsWith('alibaba-pod-list'));

async function child(name: string, rounds: number): Promise<void> {
  const options = optionsOf(scenarios(rounds).find((entry) => entry.name === name)!);
  // A short warm-up, then the same run without profiling, to measure the instrumentation's cost.
  await runSimulation({
    ...options,
    maxSimTime: 200 * (options.roundDuration ?? 360),
    profile: false,
  });
  const plainStarted = performance.now();
  await runSimulation({ ...options, profile: false });
  const plainSeconds = (performance.now() - plainStarted) / 1000;
  const started = performance.now();
  const result = await runSimulation(options);
  const wallSeconds = (performance.now() - started) / 1000;
  const { summary, rounds: table } = result;
  const width = table.names.length;
  const column = (metric: string) => {
    const index = table.names.indexOf(metric);
    return Array.from({ length: table.count }, (_, r) => table.values[r * width + index]!);
  };
  const queued = column('queued');
  const active = column('running').map((running, r) => running + queued[r]!);
  // A pod list runs quiet for most of its rounds (a few long pods after the arrivals end): the
  // rounds with 1,000 or more active jobs are timed apart.
  const wall = result.profileRounds?.wallMs ?? new Float64Array(0);
  const busy = Float64Array.from(active.flatMap((count, r) => (count >= 1000 ? [wall[r]!] : []))).sort();
  process.stdout.write(
    `${JSON.stringify({
      name,
      wallSeconds,
      plainSeconds,
      rounds: table.count,
      jobs: result.jobs.id.length,
      endReason: summary.endReason,
      maxActive: active.reduce((a, b) => Math.max(a, b), 0),
      meanActive: active.reduce((a, b) => a + b, 0) / active.length,
      utilization: summary.metrics.utilization,
      roundMs: summary.profile.roundMs,
      roundMsWithPolicy: summary.profile.roundMsWithPolicy,
      phases: summary.profile.phases,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      runFileMb: result.runFile.length / 1e6,
      gpuSharing: summary.gpuSharing,
      busyRounds: busy.length,
      busyMedianMs: busy.length > 0 ? busy[busy.length >> 1] : null,
      maxSharedGpus: Math.max(0, ...(table.names.includes('shared_gpus') ? column('shared_gpus') : [])),
    })}\n`,
  );
}

async function parent(rounds: number): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  console.log(
    `gpusim benchmark (fgd placement; policy in each name); Alibaba for ${rounds} rounds of 600 s\n`,
  );
  if (!openbFiles() && (!only || only === 'pod-list'))
    console.log('pod-list runs skipped: the shared openb node and pod lists are missing\n');
  for (const { name } of scenarios(rounds).filter((entry) => selected(entry.name))) {
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', self, '--child', name, '--rounds', String(rounds)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      },
    );
    const figures = JSON.parse(output.trim().split('\n').pop()!);
    console.log(
      `${name}: ${figures.rounds} rounds, ${figures.jobs} jobs (active mean ${figures.meanActive.toFixed(0)}, max ${figures.maxActive}), end ${figures.endReason}`,
    );
    console.log(
      `  round with policy: median ${figures.roundMsWithPolicy.median.toFixed(3)} ms, p95 ${figures.roundMsWithPolicy.p95.toFixed(3)} ms`,
    );
    console.log(
      `  round without policy: median ${figures.roundMs.median.toFixed(3)} ms, p95 ${figures.roundMs.p95.toFixed(3)} ms, max ${figures.roundMs.max.toFixed(1)} ms`,
    );
    if (figures.gpuSharing && figures.busyRounds > 0)
      console.log(
        `  rounds with 1,000+ active jobs: ${figures.busyRounds}, median ${figures.busyMedianMs.toFixed(3)} ms`,
      );
    if (figures.gpuSharing)
      console.log(
        `  GPU sharing: ${figures.gpuSharing.sharedPods} shared pods, up to ${figures.maxSharedGpus} GPUs shared at once, ${figures.gpuSharing.placementFallbacks} rounds placed as the fill placed them`,
      );
    console.log(
      `  full run ${figures.wallSeconds.toFixed(2)} s (${figures.plainSeconds.toFixed(2)} s unprofiled), peak RSS ${figures.peakRssMb.toFixed(0)} MB, run file ${figures.runFileMb.toFixed(2)} MB, mean utilization ${(figures.utilization * 100).toFixed(1)}%`,
    );
    const shares = (
      figures.phases as {
        name: string;
        parent?: string;
        percent: number;
        msPerRound: number;
        seconds: number;
        count: number;
      }[]
    )
      .map(
        (phase) =>
          `${phase.parent ? '  ' : ''}${phase.name} ${phase.percent.toFixed(1)}% (${phase.msPerRound.toFixed(3)} ms/round` +
          `${phase.name === 'lp_solve' && phase.count > 0 ? `, ${((phase.seconds / phase.count) * 1000).toFixed(2)} ms per solve, ${phase.count} solves` : ''})`,
      )
      .join('\n    ');
    console.log(`  phases:\n    ${shares}\n`);
  }
}

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 4500;
const childAt = args.indexOf('--child');
const only = args.indexOf('--only') >= 0 ? args[args.indexOf('--only') + 1] : undefined;
if (childAt >= 0) await child(args[childAt + 1]!, rounds);
else if (only === 'arrivals') {
  console.log(await runArrivalsBenchmark(args.includes('--quick')));
} else {
  await parent(rounds);
  if (!only || only === 'policies') {
    console.log(formatPolicyBench(await runPolicyBenchmark()));
    console.log();
  }
  if (!only || only === 'finish-time') {
    console.log(formatFinishTimeBench(await runFinishTimeBenchmark()));
    console.log();
  }
  if (!only || only === 'native-lp') {
    console.log(formatNativeComparison(await runNativeComparison()));
    console.log();
  }
  if (!only || only === 'alibaba-checks') {
    console.log(formatChecks(await alibabaChecks({ full: args.includes('--full') })));
    console.log();
  }
  if (!only || only === 'format') {
    const format = fileURLToPath(new URL('./format.ts', import.meta.url));
    console.log(execFileSync(process.execPath, ['--import', 'tsx', format], { encoding: 'utf8' }));
  }
  if (!only) console.log(await runArrivalsBenchmark());
}
