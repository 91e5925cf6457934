import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseCsv } from 'kit';
import { readRunFile, type RunFile } from 'scheduler/format';

const gpusim = fileURLToPath(new URL('../../../scheduler/bin/gpusim.js', import.meta.url));

/** A small real run made by `gpusim run` into `dir`: its run file and rounds.csv. */
export async function makeRealRun(dir: string, seed: number): Promise<{ file: RunFile; rounds: Record<string, string>[] }> {
  await promisify(execFile)(
    process.execPath,
    [gpusim, 'run', '--preset', 'philly', '--num-jobs', '40', '--jobs-per-hour', '12', '--seed', String(seed), '--out', dir, '-q'],
    { timeout: 60_000 },
  );
  const file = readRunFile(readFileSync(join(dir, 'run.gpuviz')), { source: dir });
  const rounds = parseCsv(readFileSync(join(dir, 'rounds.csv'), 'utf8'), 'rounds.csv').records.map((r) => r.values);
  return { file, rounds };
}
