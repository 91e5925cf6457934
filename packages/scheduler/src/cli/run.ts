import { type Command, Option } from 'commander';
import { createLogger, createProgress, InputError, levelFromFlags, numberFlag } from 'kit';
import { type RunOptionsInput, WORKLOAD_NAMES } from '../options.ts';
import { writeRunOutputs } from '../outputs/write.ts';
import { RUN_PLACEMENT_NAMES } from '../placement/run-placement.ts';
import { POLICY_NAMES } from '../policies/index.ts';
import { formatProfileTable } from '../profile/profiler.ts';
import { runSimulation } from '../run-simulation.ts';

const EXAMPLES = `
Examples:
  gpusim run --num-jobs 200 --jobs-per-hour 3 --out out/philly
  gpusim run --preset alibaba --jobs-per-hour 60 --round-duration 600 --window 4000:5000 --placement fgd --profile --out out/alibaba
  gpusim run --cluster v100=16,k80=32 --gpus-per-node 8 --policy isolated --num-jobs 50 -q
  gpusim run --cluster v100=36,p100=36,k80=36 --gpus-per-node 1 --workload gavel --num-jobs 50 --all-at-start --policy max-min-fairness
  gpusim run --trace ../shared/data/scheduler/max_min_fairness.trace --throughputs ../shared/data/scheduler/simulation_throughputs.json
  gpusim run --cluster ../shared/data/scheduler/openb_node_list_gpu_node.csv --pod-list ../shared/data/scheduler/openb_pod_list_default.csv --placement fgd --max-sim-time 86400
`;

// Numeric flags are parsed once, by kit's numberFlag; runOptionsSchema then checks the ranges the
// simulator needs (the same checks a sweep file's options get).
const number = (flag: string) => numberFlag(flag);
const whole = (flag: string) => numberFlag(flag, { integer: true });

function solverOption(text: string, previous: Record<string, string | number | boolean> = {}) {
  const match = /^([^=]+)=(.*)$/.exec(text);
  if (!match) throw InputError.expected({ field: '--solver-option' }, 'KEY=VALUE', text);
  const raw = match[2]!;
  const value =
    raw === 'true'
      ? true
      : raw === 'false'
        ? false
        : raw !== '' && Number.isFinite(Number(raw))
          ? Number(raw)
          : raw;
  return { ...previous, [match[1]!]: value };
}

const OPTION_KEYS = [
  'preset',
  'cluster',
  'gpusPerNode',
  'trace',
  'podList',
  'gpuSharing',
  'throughputs',
  'workload',
  'multiGpu',
  'multiPriority',
  'allAtStart',
  'policy',
  'placement',
  'seed',
  'jobsPerHour',
  'numJobs',
  'window',
  'roundDuration',
  'minReallocationInterval',
  'earlyReset',
  'idleCredit',
  'forcedReset',
  'unallocatedJobs',
  'leftoverFill',
  'maxSimTime',
  'maxWallTime',
  'maxWindowJct',
  'windowDeadline',
  'migrationPenalty',
  'solverOptions',
  'profile',
] as const;

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description(
      'Simulate a cluster round by round and write summary.json, jobs.csv, rounds.csv and run.gpuviz.',
    )
    .option('--preset <name>', 'cluster preset: philly or alibaba (default philly)')
    .option(
      '--cluster <spec|file>',
      'cluster as TYPE=COUNT,... (e.g. v100=36,p100=36,k80=36) or an openb node-list CSV',
    )
    .option('--gpus-per-node <n>', 'GPUs per node for --cluster specs (default 4)', whole('--gpus-per-node'))
    .option('--trace <file>', 'jobs from a Gavel trace (10 tab-separated columns)')
    .option('--pod-list <file>', 'jobs from an openb pod list CSV')
    .option(
      '--gpu-sharing',
      'pods asking for part of a GPU share GPUs, CPU and memory counted (default with an openb node list)',
    )
    .option('--no-gpu-sharing', 'every pod takes whole GPUs (the default on presets and spec strings)')
    .option('--throughputs <file>', "Gavel's simulation_throughputs.json (default: the embedded table)")
    .addOption(
      new Option(
        '--workload <name>',
        "generator: gpusim (default; any cluster) or gavel (Gavel's generate_job, draw for draw)",
      ).choices(WORKLOAD_NAMES),
    )
    .option('--multi-gpu', 'gavel workload: scale factors 1, 2, 4, 8 (Gavel: generate_multi_gpu_jobs)')
    .option('--multi-priority', 'gavel workload: 20% of jobs get priority weight 5')
    .option('--all-at-start', "every generated job arrives at t = 0 (Gavel's lam = 0)")
    .addOption(new Option('--policy <name>', 'allocation policy (default fifo)').choices(POLICY_NAMES))
    .addOption(
      new Option(
        '--placement <name>',
        'placement strategy (default first-fit); dotprod, clustering and packing only with GPU sharing',
      ).choices(RUN_PLACEMENT_NAMES),
    )
    .option('--seed <n>', 'seed for the generator and random placement (default 0)', whole('--seed'))
    .option(
      '--jobs-per-hour <x>',
      'Poisson arrival rate of generated jobs (default 2)',
      number('--jobs-per-hour'),
    )
    .option(
      '--num-jobs <n>',
      'generate this many jobs and run until all finish (default 100)',
      whole('--num-jobs'),
    )
    .option('--window <first:last>', 'steady state: run until jobs first..last-1 finish (e.g. 4000:5000)')
    .option(
      '--round-duration <s>',
      'longest micro-task of a round, s (default 360; a round ends when its last job does)',
      number('--round-duration'),
    )
    .option(
      '--min-reallocation-interval <s>',
      'reset time shares and recompute the allocation at most this often (default 1920, as Gavel)',
      number('--min-reallocation-interval'),
    )
    .option('--no-early-reset', 'Gavel quirk off: the reset after t = 0 waits for the interval too')
    .option('--no-idle-credit', 'Gavel quirk off: credit a job from its dispatch, not the previous round end')
    .option('--no-forced-reset', 'Gavel quirk off: no immediate reset once all jobs arrived and none runs')
    .addOption(
      new Option(
        '--unallocated-jobs <mode>',
        'jobs that arrived after the last reset: wait (default) or hold GPUs they cannot use (Gavel)',
      ).choices(['wait', 'hold']),
    )
    .option('--no-leftover-fill', 'run jobs only on types where their allocation is positive')
    .option('--max-sim-time <s>', 'stop after this much simulated time', number('--max-sim-time'))
    .option('--max-wall-time <s>', 'stop after this much wall-clock time', number('--max-wall-time'))
    .option(
      '--max-window-jct <s>',
      "stop once the window's average JCT is sure to exceed this (needs --window)",
      number('--max-window-jct'),
    )
    .option(
      '--window-deadline <s>',
      'stop a window still unfinished this long after its last job arrived (needs --window)',
      number('--window-deadline'),
    )
    .option(
      '--migration-penalty <x>',
      'policy migration penalty (LP policies)',
      number('--migration-penalty'),
    )
    .option('--solver-option <key=value>', 'passed to HiGHS unchanged (repeatable)', solverOption)
    .option('--profile', 'time each phase; print a PROFILE line and a table on stderr')
    .option('--out <dir>', 'write the outputs into this folder')
    .option('--no-progress', 'no progress bar even on a terminal')
    .option('-q, --quiet', 'warnings only')
    .option('-v, --verbose', 'debug lines')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: Record<string, unknown>) => {
      const input: Record<string, unknown> = {};
      for (const key of OPTION_KEYS) {
        const value = key === 'solverOptions' ? flags.solverOption : flags[key];
        if (value !== undefined) input[key] = value;
      }
      const logger = createLogger({ level: levelFromFlags(flags as { quiet?: boolean; verbose?: boolean }) });
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      try {
        const result = await runSimulation(input as RunOptionsInput, {
          logger,
          ...(flags.progress !== false
            ? { progress: (total: number) => createProgress({ total, label: 'gpusim' }) }
            : {}),
          signal: controller.signal,
        });
        if (typeof flags.out === 'string') await writeRunOutputs(flags.out, result);
        const { summary } = result;
        if (summary.config.profile) {
          process.stderr.write(
            `PROFILE ${JSON.stringify(summary.profile)}\n${formatProfileTable(summary.profile)}\n`,
          );
        }
        const m = summary.metrics;
        const hours = (seconds: number | null) =>
          seconds === null ? 'n/a' : `${(seconds / 3600).toFixed(2)} h`;
        process.stdout.write(
          `${summary.endReason}: ${m.jobsCompleted}/${m.jobsArrived} jobs done in ${m.rounds} rounds; ` +
            `avg JCT ${hours(m.avgJct)}, makespan ${hours(m.makespan)}, utilization ${(m.utilization * 100).toFixed(1)}%` +
            `${typeof flags.out === 'string' ? `; wrote ${flags.out}` : ''}\n`,
        );
      } finally {
        process.off('SIGINT', stop);
      }
    });
}
