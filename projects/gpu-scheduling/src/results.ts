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

/**
 * The runs of `dir` that finished (state done) at or after `since` (ms since the epoch), read from
 * the sweep's `status/<run>.json`: the runs the last sweep actually ran, not the ones it skipped.
 */
export async function runsFinishedSince(dir: string, since: number): Promise<string[]> {
  const csv = join(dir, 'summary.csv');
  if (!existsSync(csv)) return [];
  const { records } = parseCsv(await readFile(csv, 'utf8'), csv);
  const names: string[] = [];
  for (const { values } of records) {
    if (values.state !== 'done') continue;
    const file = join(dir, 'status', `${values.name}.json`);
    if (!existsSync(file)) continue;
    const status = JSON.parse(await readFile(file, 'utf8')) as { state?: string; finishedAt?: string };
    if (status.state === 'done' && Date.parse(status.finishedAt ?? '') >= since) names.push(values.name!);
  }
  return names;
}

/** True when `dir` holds a sweep's summary.csv in which every run is done (only the CSV is needed). */
export async function gridDone(dir: string): Promise<boolean> {
  const csv = join(dir, 'summary.csv');
  if (!existsSync(csv)) return false;
  const { records } = parseCsv(await readFile(csv, 'utf8'), csv);
  return records.length > 0 && records.every((r) => r.values.state === 'done');
}
