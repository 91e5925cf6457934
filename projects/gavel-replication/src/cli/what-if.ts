// `npm run what-if [-- --cap-hours 1000]`: what a simulated-time cap at the window's last arrival
// plus that many hours would have saved and lost, from the run files of the last grid (they are
// not committed; see .gitignore). Writes data/what-if.json, which npm run analyze folds into the
// summary.
import { join } from 'node:path';
import { Command } from 'commander';
import { numberFlag, runCli, writeFileAtomic } from 'kit';
import { readManifest } from 'scheduler';
import { FIGURE_NAMES } from '../curves.ts';
import { PROJECT_DIR, resultsDir } from '../paths.ts';
import { cappedRun } from '../what-if.ts';

const program = new Command('what-if')
  .option(
    '--cap-hours <h>',
    "simulated hours after the arrival of the window's last job",
    numberFlag('--cap-hours', { above: 0 }),
    1000,
  )
  .action(async (flags: { capHours: number }) => {
    const figures: Record<string, unknown> = {};
    for (const figure of FIGURE_NAMES) {
      const dir = resultsDir(figure);
      const manifest = await readManifest(dir);
      const [first, last] = String(manifest.runs[0]!.options.window).split(':').map(Number);
      const runs = manifest.runs.map((run) => ({
        run,
        capped: cappedRun(dir, run.name, { first: first!, last: last! }, flags.capHours),
      }));
      const missing = runs.filter((r) => !r.capped).map((r) => r.run.name);
      if (missing.length)
        throw new Error(
          `${figure}: ${missing.length} runs have no run files (${missing[0]}, ...); run npm run figure -- ${figure} --regenerate first`,
        );
      const censored = runs.filter((r) => r.capped!.boundHours !== undefined);
      const seconds = runs.reduce((s, r) => s + r.capped!.seconds, 0);
      const capped = runs.reduce((s, r) => s + r.capped!.cappedSeconds, 0);
      figures[figure] = {
        runMinutes: Number((seconds / 60).toFixed(1)),
        cappedMinutes: Number((capped / 60).toFixed(1)),
        censored: censored.map((r) => ({
          run: r.run.name,
          policy: r.run.labels.policy,
          rate: Number(r.run.labels.jobsPerHour),
          boundHours: Number(r.capped!.boundHours!.toFixed(1)),
        })),
      };
    }
    const record = { capHours: flags.capHours, figures };
    const file = join(PROJECT_DIR, 'data', 'what-if.json');
    await writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`);
    process.stdout.write(`${file}\n`);
  });

await runCli('what-if', () => program.parseAsync(process.argv));
