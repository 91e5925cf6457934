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
