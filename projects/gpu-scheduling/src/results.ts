import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv } from 'kit';
import { RUN_FILES } from './load.ts';

/**
 * Runs whose outputs were pruned (a fresh clone keeps only their summary.json) still have a
 * status saying "done", and a sweep would skip them: drop those statuses (the sweep's documented
 * `status/<run>.json`) so the next sweep reruns exactly those runs. Returns their names.
 */
export async function forgetIncompleteRuns(dir: string): Promise<string[]> {
  const csv = join(dir, 'summary.csv');
  if (!existsSync(csv)) return [];
  const { records } = parseCsv(await readFile(csv, 'utf8'), csv);
  const incomplete = records
    .map((r) => r.values.name!)
    .filter((name) => !RUN_FILES.every((file) => existsSync(join(dir, name, file))));
  await Promise.all(incomplete.map((name) => rm(join(dir, 'status', `${name}.json`), { force: true })));
  return incomplete;
}

/**
 * True when `dir` holds a combined summary.csv with at least one finished run and every finished
 * run still has its output files (a fresh clone carries only the small ones: see .gitignore).
 */
export async function resultsComplete(dir: string): Promise<boolean> {
  const csv = join(dir, 'summary.csv');
  if (!existsSync(csv)) return false;
  const { records } = parseCsv(await readFile(csv, 'utf8'), csv);
  const done = records.filter((r) => r.values.state === 'done').map((r) => r.values.name!);
  return (
    done.length > 0 && done.every((name) => RUN_FILES.every((file) => existsSync(join(dir, name, file))))
  );
}
