import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a simulated-time cap would have cost and lost, from a finished run's own files: the wall
 * time of its rounds before `capHours` past the arrival of the window's last job (profile.csv
 * beside rounds.csv), and, when the run went past the cap, the lower bound on its window average
 * at the cap (finished jobs at their JCT, the others at their age then). A run that ended before
 * the cap is unchanged.
 */
export interface CappedRun {
  name: string;
  /** Wall seconds of the whole run, and of its rounds before the cap. */
  seconds: number;
  cappedSeconds: number;
  /** Past the cap: the lower bound at the cap, hours; undefined when the run ended before it. */
  boundHours?: number;
}

export function cappedRun(
  dir: string,
  name: string,
  window: { first: number; last: number },
  capHours: number,
): CappedRun | undefined {
  const folder = join(dir, name);
  const files = ['profile.csv', 'rounds.csv', 'jobs.csv'].map((file) => join(folder, file));
  if (!files.every((file) => existsSync(file))) return undefined;
  const [profile, rounds, jobs] = files.map((file) => readFileSync(file, 'utf8'));
  const wall = readCsvColumns(profile!, ['wall_ms'])[0]!;
  const time = readCsvColumns(rounds!, ['time'])[0]!;
  const [id, arrival, finish] = readCsvColumns(jobs!, ['id', 'arrival', 'finish']);
  let lastArrival = 0;
  for (let j = 0; j < id!.length; j++)
    if (id![j]! >= window.first && id![j]! < window.last) lastArrival = Math.max(lastArrival, arrival![j]!);
  const cap = lastArrival + capHours * 3600;
  let seconds = 0;
  let cappedSeconds = 0;
  for (let r = 0; r < wall.length; r++) {
    seconds += wall[r]! / 1000;
    if (time[r]! < cap) cappedSeconds += wall[r]! / 1000;
  }
  const endTime = time.length ? time[time.length - 1]! : 0;
  if (endTime < cap) return { name, seconds, cappedSeconds: seconds };
  let sum = 0;
  for (let j = 0; j < id!.length; j++) {
    if (id![j]! < window.first || id![j]! >= window.last) continue;
    const end = Number.isNaN(finish![j]!) || finish![j]! > cap ? cap : finish![j]!;
    sum += end - arrival![j]!;
  }
  return { name, seconds, cappedSeconds, boundHours: sum / (window.last - window.first) / 3600 };
}

/**
 * Numeric columns of one of gpusim's own CSV outputs by name (NaN for an empty cell). Those files
 * quote nothing (numbers, and job types without commas), so a split per line is enough, and it is
 * what keeps reading gigabytes of round tables to seconds.
 */
function readCsvColumns(text: string, names: readonly string[]): Float64Array[] {
  const lines = text.split('\n');
  const header = lines[0]!.split(',');
  const at = names.map((name) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`expected a column ${name}, got ${header.join(',')}`);
    return index;
  });
  const rows = lines.length - (lines.at(-1) === '' ? 2 : 1);
  const columns = names.map(() => new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    const fields = lines[r + 1]!.split(',');
    for (let c = 0; c < at.length; c++) {
      const text = fields[at[c]!]!;
      columns[c]![r] = text === '' ? Number.NaN : Number(text);
    }
  }
  return columns;
}
