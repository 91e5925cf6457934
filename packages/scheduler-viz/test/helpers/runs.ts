import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseCsv } from 'kit';
import { type RunFile, readRunFile } from 'scheduler/format';

const gpusim = fileURLToPath(new URL('../../../scheduler/bin/gpusim.js', import.meta.url));

/** A small real Philly run made by `gpusim run` into `dir`: its run file and rounds.csv. */
export async function makeRealRun(
  dir: string,
  seed: number,
  roundDuration = 360,
): Promise<{ file: RunFile; rounds: Record<string, string>[] }> {
  await promisify(execFile)(
    process.execPath,
    [
      gpusim,
      'run',
      '--preset',
      'philly',
      '--num-jobs',
      '40',
      '--jobs-per-hour',
      '12',
      '--seed',
      String(seed),
      '--round-duration',
      String(roundDuration),
      '--out',
      dir,
      '-q',
    ],
    { timeout: 60_000 },
  );
  const file = readRunFile(readFileSync(join(dir, 'run.gpuviz')), { source: dir });
  const rounds = parseCsv(readFileSync(join(dir, 'rounds.csv'), 'utf8'), 'rounds.csv').records.map(
    (r) => r.values,
  );
  return { file, rounds };
}

/** A 12-run sweep made by `gpusim sweep run` (and aggregated by `gpusim sweep aggregate`) in `dir`. */
export async function makeRealSweep(
  dir: string,
  name = 'sweep-a',
): Promise<{ out: string; aggregate: Record<string, string>[] }> {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(join(dir, 'inputs'), { recursive: true });
  writeFileSync(
    join(dir, 'inputs', 'paper.curves.json'),
    JSON.stringify({
      format: 'gpusim-curves/1',
      title: 'A paper figure',
      x: { label: 'Input job rate (jobs/hour)' },
      y: { metric: 'avgJct', label: 'Average JCT (hours)', scale: 3600 },
      curves: [
        { name: 'paper: fifo', series: { policy: 'fifo' }, x: [2, 4, 8], y: [3, 4, null] },
        { name: 'paper: isolated', series: { policy: 'isolated' }, x: [2, 8], y: [5, 9] },
      ],
    }),
  );
  const grid = join(dir, 'inputs', `${name}.yaml`);
  writeFileSync(
    grid,
    `name: ${name}
base: { preset: philly, window: "4:12" }
axes:
  policy: [fifo, isolated]
  jobsPerHour: [2, 4, 8]
  seed: [1, 2]
runName: "{policy}-r{jobsPerHour}-s{seed}"
results: { x: jobsPerHour, reference: paper.curves.json }
`,
  );
  const out = join(dir, name);
  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, [gpusim, 'sweep', ...args], { timeout: 120_000 });
  await run('run', grid, '--out', out, '--workers', '2', '-q');
  await run('aggregate', out);
  const aggregate = parseCsv(readFileSync(join(out, 'aggregate.csv'), 'utf8'), 'aggregate.csv').records.map(
    (r) => r.values,
  );
  return { out, aggregate };
}

/** A small GPU-sharing run made by `gpusim arrivals --run-file` (FGD, the scheduler's fixtures). */
export async function makeSharedRun(dir: string): Promise<RunFile> {
  const fixture = (name: string) =>
    fileURLToPath(new URL(`../../../scheduler/test/fixtures/${name}`, import.meta.url));
  const file = join(dir, 'run.gpuviz');
  await promisify(execFile)(
    process.execPath,
    [
      gpusim,
      'arrivals',
      '--nodes',
      fixture('share-nodes.csv'),
      '--pods',
      fixture('share-pods.csv'),
      '--policy',
      'fgd',
      '--seeds',
      '42',
      '--record-every',
      '1',
      '--run-file',
      file,
      '--out',
      dir,
      '-q',
    ],
    { timeout: 60_000 },
  );
  return readRunFile(readFileSync(file), { source: file });
}
