import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, parseCsv, requireColumns, toCsv, writeFileAtomic } from 'kit';

/**
 * Repeats of a grid, for its timings: a run's schedule is deterministic, its wall time is not (the
 * machine is shared), so every run is repeated and the repeat with the median wall time is kept.
 * `repeats.csv` in the results folder records every repeat's wall time and which one was kept.
 */
export const REPEATS_FILE = 'repeats.csv';

/** The files of a run that depend on the machine; everything else must be identical between repeats. */
const TIMED_FILES = ['summary.json', 'profile.csv'] as const;
const SAME_FILES = ['rounds.csv', 'jobs.csv'] as const;

export interface RepeatRow {
  name: string;
  /** 1 is the results folder's own run; 2.. are the extra repeats. */
  repeat: number;
  wallSeconds: number;
  kept: boolean;
}

async function wallSeconds(dir: string, name: string): Promise<number> {
  const file = join(dir, name, 'summary.json');
  const summary = JSON.parse(await readFile(file, 'utf8')) as { profile?: { wallSeconds?: number } };
  const wall = summary.profile?.wallSeconds;
  if (typeof wall !== 'number' || !Number.isFinite(wall))
    throw InputError.expected({ file, field: 'profile.wallSeconds' }, 'a profiled run', wall);
  return wall;
}

/**
 * For each run in `names`, compares its repeats (the results folder `out` first, then `extra`),
 * refuses a repeat whose schedule differs, keeps the one with the median wall time in `out`
 * (its summary.json, profile.csv and log), and records all of them in `out/repeats.csv`.
 */
export async function keepMedianRepeats(
  out: string,
  extra: readonly string[],
  names: readonly string[],
): Promise<RepeatRow[]> {
  const dirs = [out, ...extra];
  const rows: RepeatRow[] = [];
  for (const name of names) {
    for (const dir of extra) {
      for (const file of SAME_FILES) {
        const [a, b] = await Promise.all([
          readFile(join(out, name, file), 'utf8'),
          readFile(join(dir, name, file), 'utf8'),
        ]);
        if (a !== b)
          throw new Error(
            `${name}: a repeat wrote a different ${file} (${join(dir, name, file)}): the run is not deterministic, so its repeats cannot be pooled`,
          );
      }
    }
    const walls = await Promise.all(dirs.map((dir) => wallSeconds(dir, name)));
    const order = walls.map((_, i) => i).sort((a, b) => walls[a]! - walls[b]! || a - b);
    const median = order[Math.floor((order.length - 1) / 2)]!;
    if (median !== 0) {
      const from = dirs[median]!;
      for (const file of TIMED_FILES)
        await writeFileAtomic(join(out, name, file), await readFile(join(from, name, file)));
      const log = join(from, 'logs', `${name}.log`);
      if (existsSync(log)) await writeFileAtomic(join(out, 'logs', `${name}.log`), await readFile(log));
    }
    walls.forEach((wall, i) => {
      rows.push({ name, repeat: i + 1, wallSeconds: wall, kept: i === median });
    });
  }
  const previous = (await readRepeats(out)).filter((row) => !names.includes(row.name));
  await writeRepeats(out, [...previous, ...rows]);
  return rows;
}

export async function readRepeats(dir: string): Promise<RepeatRow[]> {
  const file = join(dir, REPEATS_FILE);
  if (!existsSync(file)) return [];
  const { header, records } = parseCsv(await readFile(file, 'utf8'), file);
  requireColumns(header, ['name', 'repeat', 'wall_seconds', 'kept'], file);
  return records.map(({ line, values }) => {
    const repeat = Number(values.repeat);
    const wall = Number(values.wall_seconds);
    if (!Number.isInteger(repeat) || repeat < 1)
      throw InputError.expected({ file, line, field: 'repeat' }, 'a whole number >= 1', values.repeat);
    if (values.wall_seconds === '' || !Number.isFinite(wall) || wall < 0)
      throw InputError.expected({ file, line, field: 'wall_seconds' }, 'a number >= 0', values.wall_seconds);
    if (values.kept !== 'true' && values.kept !== 'false')
      throw InputError.expected({ file, line, field: 'kept' }, 'true or false', values.kept);
    return { name: values.name!, repeat, wallSeconds: wall, kept: values.kept === 'true' };
  });
}

async function writeRepeats(dir: string, rows: readonly RepeatRow[]): Promise<void> {
  const sorted = [...rows].sort((a, b) => a.name.localeCompare(b.name) || a.repeat - b.repeat);
  await writeFileAtomic(
    join(dir, REPEATS_FILE),
    toCsv(
      sorted.map((r) => ({ name: r.name, repeat: r.repeat, wall_seconds: r.wallSeconds, kept: r.kept })),
      ['name', 'repeat', 'wall_seconds', 'kept'],
    ),
  );
}
