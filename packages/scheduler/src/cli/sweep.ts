import { type Command, Option } from 'commander';
import {
  createLogger,
  createProgress,
  InputError,
  type Logger,
  type LogLevel,
  levelFromFlags,
  numberFlag,
} from 'kit';
import { executeRun } from '../sweep/execute-run.ts';
import { defaultWorkers } from '../sweep/local.ts';
import { manifestOf } from '../sweep/manifest.ts';
import { planSweep, type SweepPlan } from '../sweep/plan.ts';
import { readSweepResults, writeAggregate } from '../sweep/results.ts';
import { runSweep, type SweepBackend } from '../sweep/run-sweep.ts';
import { TIME_LIMIT } from '../sweep/sbatch-script.ts';
import { readSweepSource } from '../sweep/source.ts';

interface LogFlags {
  quiet?: boolean;
  verbose?: boolean;
}

interface RunFlags extends LogFlags {
  out: string;
  backend: SweepBackend;
  workers?: number;
  retryFailed?: boolean;
  regenerate?: boolean;
  partition?: string;
  maxParallel?: number;
  time?: string;
  sbatchArg: string[];
  dryRun?: boolean;
  poll: number;
}

const positiveInt = (flag: string) => numberFlag(flag, { integer: true, min: 1 });

const EXAMPLES = `
A sweep file (JSON or YAML) has base run options, grid axes and a run naming rule:
  base: { preset: philly, numJobs: 20 }
  axes: { policy: [fifo, isolated], seed: [1, 2] }
  runName: "{policy}-s{seed}"

Examples:
  $ gpusim sweep plan grid.yaml
  $ gpusim sweep run grid.yaml --out results/ --workers 2
  $ gpusim sweep run grid.yaml --out results/ --retry-failed
  $ gpusim sweep run grid.yaml --out results/ --backend slurm --partition gpu --max-parallel 8 --time 01:00:00
  $ gpusim sweep run grid.yaml --out results/ --backend slurm --dry-run
  $ gpusim sweep task grid.yaml --index 3 --out results/   # what each SLURM array task runs
  $ gpusim sweep aggregate results/                        # per-x mean, std and n over seeds`;

export function registerSweepCommand(program: Command): void {
  const sweep = program
    .command('sweep')
    .description('Run a grid of simulations on a local worker pool or as a SLURM job array.')
    .addHelpText('after', EXAMPLES);

  sweep
    .command('plan')
    .description('Print the runs a sweep file expands to, with their indices.')
    .argument('<file>', 'sweep file (.json, .yaml or .yml)')
    .option('--json', 'print one JSON object per run instead of a table')
    .action(async (file: string, flags: { json?: boolean }) => {
      const plan = planSweep(await readSweepSource(file));
      process.stdout.write(flags.json ? planJson(plan) : planTable(plan));
    });

  sweep
    .command('run')
    .description('Run every configuration not done yet, then combine <out>/summary.csv.')
    .argument('<file>', 'sweep file (.json, .yaml or .yml)')
    .requiredOption('-o, --out <dir>', 'results folder: <run name>/, logs/, status/, summary.csv')
    .addOption(
      new Option('--backend <name>', 'where runs execute').choices(['local', 'slurm']).default('local'),
    )
    .option(
      '--workers <n>',
      `local: worker threads (default: cores - 1 = ${defaultWorkers()})`,
      positiveInt('--workers'),
    )
    .option('--retry-failed', 'rerun runs that failed before (they are skipped and listed otherwise)')
    .option(
      '--regenerate',
      'rerun finished runs whose run.gpuviz is missing (a folder kept with summaries only)',
    )
    .option('--partition <name>', 'slurm: partition to submit to')
    .option(
      '--max-parallel <m>',
      'slurm: most array tasks running at once (%M)',
      positiveInt('--max-parallel'),
    )
    .option('--time <limit>', 'slurm: time limit per task, HH:MM:SS', (value: string) => {
      if (!TIME_LIMIT.test(value)) throw InputError.expected({ field: '--time' }, 'HH:MM:SS', value);
      return value;
    })
    .option(
      '--sbatch-arg <option>',
      'slurm: one more #SBATCH line, e.g. --sbatch-arg=--account=lab (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--dry-run', 'slurm: print the sbatch script and submit nothing')
    .option(
      '--poll <seconds>',
      'slurm: seconds between squeue polls',
      numberFlag('--poll', { min: 0.1, unit: 'seconds' }),
      5,
    )
    .option('-q, --quiet', 'warnings only')
    .option('-v, --verbose', 'debug output, also in each run log')
    .action(async (file: string, flags: RunFlags) => runCommand(file, flags));

  sweep
    .command('task')
    .description('Run one configuration of a sweep by index (what each SLURM array task executes).')
    .argument('<file>', 'sweep file (.json, .yaml or .yml)')
    .requiredOption(
      '--index <i>',
      'run index, as printed by `gpusim sweep plan`',
      numberFlag('--index', { integer: true, min: 0 }),
    )
    .requiredOption('-o, --out <dir>', 'results folder')
    .option('-q, --quiet', 'warnings only')
    .option('-v, --verbose', 'debug output, also in the run log')
    .action(async (file: string, flags: LogFlags & { index: number; out: string }) => {
      const plan = planSweep(await readSweepSource(file));
      const run = plan.runs[flags.index];
      if (!run)
        throw new Error(
          `sweep task: --index: expected 0 to ${plan.runs.length - 1} (the plan of ${file}), got ${flags.index}`,
        );
      const logger = createLogger({ level: levelFromFlags(flags), name: 'gpusim' });
      const status = await executeRun(run, flags.out, { level: runLogLevel(flags) });
      logger.record('SWEEP', status);
      if (status.state === 'failed') {
        throw new Error(
          `sweep task: run ${run.index} (${run.name}) failed: ${status.error}, see ${status.log} in ${flags.out}`,
        );
      }
    });
  registerAggregateCommand(sweep);
}

function registerAggregateCommand(sweep: Command): void {
  sweep
    .command('aggregate')
    .description(
      'Turn a results folder into mean, std and n over the replicate axis per x and series: <results>/aggregate.csv and aggregate.json.',
    )
    .argument('<results>', 'results folder of `gpusim sweep run`')
    .option('--sweep <file>', 'the sweep file, for a results folder without sweep.json')
    .option(
      '--x <name>',
      "axis or run option to aggregate along (default: the sweep file's results.x, or its one numeric axis)",
    )
    .option('--over <axis>', 'replicate axis the means are taken over (default: results.over, or seed)')
    .action(async (results: string, flags: { sweep?: string; x?: string; over?: string }) => {
      const manifest = flags.sweep
        ? await manifestOf(planSweep(await readSweepSource(flags.sweep)))
        : undefined;
      const table = await readSweepResults(results, {
        ...(manifest ? { manifest } : {}),
        ...(flags.x ? { x: flags.x } : {}),
        ...(flags.over ? { over: flags.over } : {}),
      });
      const files = await writeAggregate(results, table);
      process.stdout.write(`${files.csv}\n${files.json}\n`);
    });
}

/** Run logs keep TELEMETRY and PROFILE lines (info) even under -q: -q quiets the terminal only. */
const runLogLevel = (flags: LogFlags): LogLevel => (flags.verbose ? 'debug' : 'info');

async function runCommand(file: string, flags: RunFlags): Promise<void> {
  const level = levelFromFlags(flags);
  const logger = createLogger({ level, name: 'gpusim' });
  if (
    flags.backend === 'local' &&
    (flags.partition || flags.maxParallel || flags.time || flags.dryRun || flags.sbatchArg.length)
  ) {
    logger.warn(
      '--partition, --max-parallel, --time, --sbatch-arg and --dry-run apply to --backend slurm; ignored',
    );
  }
  const controller = new AbortController();
  const onSignal = () =>
    controller.abort(new Error('sweep run: interrupted; run the same command again to resume'));
  process.once('SIGINT', onSignal);
  let progress = createProgress({ total: 0, label: 'sweep', enabled: false });
  let ended = 0;
  try {
    const report = await runSweep(file, {
      outDir: flags.out,
      backend: flags.backend,
      level: runLogLevel(flags),
      signal: controller.signal,
      pollMs: flags.poll * 1000,
      ...(flags.workers ? { workers: flags.workers } : {}),
      ...(flags.retryFailed ? { retryFailed: true } : {}),
      ...(flags.regenerate ? { regenerate: true } : {}),
      ...(flags.partition ? { partition: flags.partition } : {}),
      ...(flags.maxParallel ? { maxParallel: flags.maxParallel } : {}),
      ...(flags.time ? { time: flags.time } : {}),
      ...(flags.sbatchArg.length ? { sbatchArgs: flags.sbatchArg } : {}),
      ...(flags.dryRun && flags.backend === 'slurm' ? { dryRun: true } : {}),
      ...(flags.verbose ? { taskFlags: ['-v'] } : {}),
      onStart: ({ plan, toRun, skipped, failedBefore }) => {
        const notRetried = flags.retryFailed ? 0 : failedBefore.length;
        logger.info(
          `sweep ${plan.name}: ${plan.runs.length} runs, ${skipped} already done, ${toRun.length} to run on ${flags.backend}` +
            (notRetried ? `, ${notRetried} failed before and left alone (--retry-failed reruns them)` : ''),
        );
        progress = createProgress({ total: toRun.length, label: 'sweep' });
      },
      onRunEnd: (status) => {
        ended++;
        progress.update(ended, status.name);
        logger.record('SWEEP', status, status.state === 'failed' ? 'warn' : 'info');
      },
      onSubmitted: (jobId, resumed) =>
        logger.info(
          resumed
            ? `following SLURM job ${jobId}, submitted earlier and still running`
            : `submitted SLURM job array ${jobId}`,
        ),
      onSlurmProgress: (state) => {
        progress.update(state.done + state.failed, `${state.running} running, ${state.pending} pending`);
        if (!process.stderr.isTTY)
          logger.info(
            `slurm: ${state.done} done, ${state.failed} failed, ${state.running} running, ${state.pending} pending of ${state.total}`,
          );
      },
    });
    progress.finish();
    if (report.script !== undefined && flags.dryRun) {
      process.stdout.write(report.script);
      return;
    }
    reportOutcome(report.failed, report.summaryPath, report.plan, logger, flags.out);
  } finally {
    progress.finish();
    process.off('SIGINT', onSignal);
  }
}

function reportOutcome(
  failed: readonly { index: number; name: string; error?: string; log: string }[],
  summaryPath: string,
  plan: SweepPlan,
  logger: Logger,
  out: string,
): void {
  process.stdout.write(`${summaryPath}\n`);
  logger.info(
    `${plan.runs.length - failed.length} of ${plan.runs.length} runs done; summary in ${summaryPath}`,
  );
  if (failed.length === 0) return;
  for (const status of failed)
    logger.error(
      `run ${status.index} (${status.name}) failed: ${status.error}, log ${out.replace(/\/$/, '')}/${status.log}`,
    );
  throw new Error(
    `sweep run: ${failed.length} of ${plan.runs.length} runs failed, listed above; rerun with --retry-failed after fixing them`,
  );
}

function planTable(plan: SweepPlan): string {
  const header = ['index', 'name', ...plan.axes];
  const rows = plan.runs.map((run) => [
    String(run.index),
    run.name,
    ...plan.axes.map((axis) => run.labels[axis] ?? ''),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    `${cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd()}\n`;
  return line(header) + rows.map(line).join('');
}

function planJson(plan: SweepPlan): string {
  return plan.runs
    .map(
      (run) =>
        `${JSON.stringify({ index: run.index, name: run.name, labels: run.labels, options: run.options })}\n`,
    )
    .join('');
}
