// `npm run figure -- <fig9a|fig10a|fig11a|smoke> [--workers N] [--regenerate]`: run a figure's
// sweep into data/<figure>/ (resuming; the smoke grid goes to out/gavel-replication/smoke/) and
// aggregate it there. Git keeps each run's summary.json and status, not its run file, round and job
// tables or log (.gitignore); --regenerate makes the run files of a committed figure again.
import { join } from 'node:path';
import { Command } from 'commander';
import { createProgress, numberFlag, runCli } from 'kit';
import { readSweepResults, runSweep, writeAggregate } from 'scheduler';
import { highestRateFirst } from '../order.ts';
import { PROJECT_DIR, resultsDir } from '../paths.ts';

const program = new Command('figure')
  .argument('<figure>', 'a sweep file of sweeps/ without .yaml: fig9a, fig10a, fig11a or smoke')
  .option(
    '--workers <n>',
    'worker threads (default: cores - 1)',
    numberFlag('--workers', { integer: true, min: 1 }),
  )
  .option('--regenerate', 'rerun finished runs whose run.gpuviz is missing (a fresh clone has none)')
  .action(async (figure: string, flags: { workers?: number; regenerate?: boolean }) => {
    const file = join(PROJECT_DIR, 'sweeps', `${figure}.yaml`);
    const out = resultsDir(figure);
    let progress = createProgress({ total: 0, label: figure, enabled: false });
    let ended = 0;
    const report = await runSweep(file, {
      outDir: out,
      // Run logs keep warnings only: the round and job tables already hold what info lines say.
      level: 'warn',
      compare: highestRateFirst,
      ...(flags.workers ? { workers: flags.workers } : {}),
      ...(flags.regenerate ? { regenerate: true } : {}),
      onStart: ({ toRun }) => {
        progress = createProgress({ total: toRun.length, label: figure });
      },
      onRunEnd: (status) => progress.update(++ended, status.name),
    });
    progress.finish();
    const files = await writeAggregate(out, await readSweepResults(out));
    process.stdout.write(`${files.csv}\n`);
    if (report.failed.length)
      throw new Error(`${report.failed.length} runs failed; see ${join(out, 'logs')}`);
  });

await runCli('figure', () => program.parseAsync(process.argv));
