// `npm run grid [-- --workers N]`: the three figures' sweeps one after the other on the local pool,
// timed: wall clock, and the CPU time of this process and its worker threads (process.cpuUsage),
// which is what the runs cost on a machine shared with other work. Writes data/grid-time.json.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { createProgress, numberFlag, runCli, writeFileAtomic } from 'kit';
import { readSweepResults, runSweep, writeAggregate } from 'scheduler';
import { FIGURE_NAMES } from '../curves.ts';
import { highestRateFirst } from '../order.ts';
import { PROJECT_DIR, resultsDir } from '../paths.ts';

const program = new Command('grid')
  .option(
    '--workers <n>',
    'worker threads (default: cores - 1)',
    numberFlag('--workers', { integer: true, min: 1 }),
  )
  .action(async (flags: { workers?: number }) => {
    const figures: Record<string, unknown> = {};
    const load = [loadavg()[0]!];
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    let started = 0;
    let planned = 0;
    for (const figure of FIGURE_NAMES) {
      const out = resultsDir(figure);
      const cpu = process.cpuUsage();
      const wall = performance.now();
      let progress = createProgress({ total: 0, label: figure, enabled: false });
      let ended = 0;
      const report = await runSweep(join(PROJECT_DIR, 'sweeps', `${figure}.yaml`), {
        outDir: out,
        level: 'warn',
        compare: highestRateFirst,
        ...(flags.workers ? { workers: flags.workers } : {}),
        onStart: ({ toRun }) => {
          progress = createProgress({ total: toRun.length, label: figure });
        },
        onRunEnd: (status) => progress.update(++ended, status.name),
      });
      progress.finish();
      await writeAggregate(out, await readSweepResults(out));
      const used = process.cpuUsage(cpu);
      load.push(loadavg()[0]!);
      started += report.started.length;
      planned += report.plan.runs.length;
      figures[figure] = {
        runs: report.plan.runs.length,
        started: report.started.length,
        failed: report.failed.length,
        wallSeconds: Math.round((performance.now() - wall) / 1000),
        cpuSeconds: Math.round((used.user + used.system) / 1e6),
      };
      process.stderr.write(`${figure}: ${JSON.stringify(figures[figure])}\n`);
    }
    const used = process.cpuUsage(cpu0);
    const record = {
      // Only a grid run from empty results is the whole grid's time.
      complete: started === planned,
      workers: flags.workers ?? null,
      runs: planned,
      started,
      wallSeconds: Math.round((performance.now() - wall0) / 1000),
      cpuSeconds: Math.round((used.user + used.system) / 1e6),
      loadAverage: load.map((value) => Number(value.toFixed(1))),
      figures,
    };
    await writeFileAtomic(
      join(PROJECT_DIR, 'data', 'grid-time.json'),
      `${JSON.stringify(record, null, 2)}\n`,
    );
    process.stdout.write(`${JSON.stringify(record)}\n`);
  });

await runCli('grid', () => program.parseAsync(process.argv));
