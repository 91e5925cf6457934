// `npm run figure -- <fig9a|fig10a|fig11a|smoke> [--workers N]`: run a figure's sweep into
// out/gavel-replication/<figure>/ (resuming), aggregate it, and copy a figure's aggregate.csv and
// aggregate.json into data/<figure>/ (the smoke grid's stay in out/).
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { createProgress, oneLine, repoRoot } from 'kit';
import { readSweepResults, runSweep, writeAggregate } from 'scheduler';
import { FIGURE_NAMES } from '../curves.ts';

const project = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const program = new Command('figure')
  .argument('<figure>', 'a sweep file of sweeps/ without .yaml: fig9a, fig10a, fig11a or smoke')
  .option('--workers <n>', 'worker threads (default: cores - 1)', (value: string) => {
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
    return Number(value);
  })
  .action(async (figure: string, flags: { workers?: number }) => {
    const file = join(project, 'sweeps', `${figure}.yaml`);
    const out = join(repoRoot(), 'out', 'gavel-replication', figure);
    let progress = createProgress({ total: 0, label: figure, enabled: false });
    let ended = 0;
    const report = await runSweep(file, {
      outDir: out,
      ...(flags.workers ? { workers: flags.workers } : {}),
      onStart: ({ toRun }) => {
        progress = createProgress({ total: toRun.length, label: figure });
      },
      onRunEnd: (status) => progress.update(++ended, status.name),
    });
    progress.finish();
    const files = await writeAggregate(out, await readSweepResults(out));
    process.stdout.write(`${out}\n`);
    if ((FIGURE_NAMES as readonly string[]).includes(figure)) {
      const data = join(project, 'data', figure);
      mkdirSync(data, { recursive: true });
      copyFileSync(files.csv, join(data, 'aggregate.csv'));
      copyFileSync(files.json, join(data, 'aggregate.json'));
      process.stdout.write(`${join(data, 'aggregate.csv')}\n`);
    }
    if (report.failed.length)
      throw new Error(`${report.failed.length} runs failed; see ${join(out, 'logs')}`);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`figure: ${oneLine(error)}\n`);
  process.exitCode = 1;
}
