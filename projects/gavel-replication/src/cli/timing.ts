// `npm run timing`: runs sweeps/timing-sample.yaml one run at a time in this process (the CPU time
// of each is then its own), writes out/gavel-replication/timing-sample/timing.csv and prints each
// figure's estimated CPU time from it (src/timing.ts). A rerun measures only the runs not measured yet.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createProgress, repoRoot, runCli, toCsv, writeFileAtomic } from 'kit';
import { executeRun, planSweep, readStatus, readSweepSource } from 'scheduler';
import { FIGURE_NAMES } from '../curves.ts';
import { PROJECT_DIR } from '../paths.ts';
import { estimateRuns, type SampledRun } from '../timing.ts';

const out = join(repoRoot(), 'out', 'gavel-replication', 'timing-sample');

await runCli('timing', async () => {
  const plan = planSweep(await readSweepSource(join(PROJECT_DIR, 'sweeps', 'timing-sample.yaml')));
  const progress = createProgress({ total: plan.runs.length, label: 'timing sample' });
  const sample: (SampledRun & { name: string })[] = [];
  for (const run of plan.runs) {
    // Each measured run leaves its figures beside its outputs, so a rerun measures only the rest.
    const record = join(out, run.name, 'timing.json');
    const known = existsSync(record) ? (JSON.parse(await readFile(record, 'utf8')) as SampledRun) : undefined;
    if (known && (await readStatus(out, run.name))?.configHash === run.configHash) {
      sample.push({ ...known, name: run.name });
      progress.update(sample.length, run.name);
      continue;
    }
    const cpu = process.cpuUsage();
    const start = performance.now();
    const status = await executeRun(run, out, { level: 'warn' });
    const used = process.cpuUsage(cpu);
    if (status.state !== 'done') throw new Error(`${run.name} failed: ${status.error}`);
    const summary = JSON.parse(await readFile(join(out, run.name, 'summary.json'), 'utf8'));
    const measured: SampledRun = {
      policy: run.options.policy,
      multiGpu: run.options.multiGpu,
      jobsPerHour: run.options.jobsPerHour,
      cpuSeconds: (used.user + used.system) / 1e6,
      wallSeconds: (performance.now() - start) / 1000,
      endReason: summary.endReason,
    };
    await writeFileAtomic(record, `${JSON.stringify(measured)}\n`);
    sample.push({ ...measured, name: run.name });
    progress.update(sample.length, run.name);
  }
  progress.finish();
  await writeFileAtomic(
    join(out, 'timing.csv'),
    toCsv(sample as unknown as Record<string, string | number | boolean>[], [
      'name',
      'policy',
      'multiGpu',
      'jobsPerHour',
      'cpuSeconds',
      'wallSeconds',
      'endReason',
    ]),
  );
  for (const s of sample)
    process.stdout.write(
      `${s.name.padEnd(22)} ${s.cpuSeconds.toFixed(1).padStart(7)} s CPU  ${s.endReason}\n`,
    );
  let total = 0;
  for (const figure of FIGURE_NAMES) {
    const grid = planSweep(await readSweepSource(join(PROJECT_DIR, 'sweeps', `${figure}.yaml`))).runs.map(
      (run) => run.options,
    );
    const seconds = estimateRuns(grid, sample).reduce((a, b) => a + b, 0);
    total += seconds;
    process.stdout.write(`${figure}: ${grid.length} runs, about ${(seconds / 60).toFixed(1)} CPU minutes\n`);
  }
  process.stdout.write(`grid: about ${(total / 60).toFixed(1)} CPU minutes\n`);
  process.stdout.write(`${join(out, 'timing.csv')}\n`);
});
