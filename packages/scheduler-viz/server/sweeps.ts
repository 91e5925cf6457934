import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  MANIFEST_FILE,
  parseResultsTable,
  type ResultsTable,
  RUN_FILE,
  readManifest,
  readSweepResults,
} from 'scheduler';
import { glob } from 'tinyglobby';

/**
 * Sweeps for the Results view: results folders of `gpusim sweep run` (a `sweep.json` beside the
 * runs) and standalone results documents (`*.results.json`, the `gpusim-results/1` format other
 * experiments write). Found under the same places as the runs.
 */
export const DEFAULT_SWEEP_PATTERNS = [
  'projects/*/data/**/sweep.json',
  'projects/*/data/**/*.results.json',
  'out/**/sweep.json',
  'out/**/*.results.json',
];

export interface ListedSweep {
  /** Stable id: the folder (or document) relative to where its pattern starts. */
  key: string;
  name: string;
  kind: 'sweep' | 'results';
  /** A sweep's runs; a results document's observations. */
  runs: number;
  mtimeMs: number;
  error?: string;
}

/**
 * Sweep patterns from env GPUVIZ_SWEEPS, else from GPUVIZ_RUNS' folders (a runs folder is searched
 * for sweeps too), else the defaults.
 */
export function sweepPatternsFrom(sweeps: string | undefined, runs: string | undefined): string[] {
  const split = (text: string | undefined) =>
    (text ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
  const explicit = split(sweeps);
  if (explicit.length) return explicit;
  const folders = split(runs).filter((p) => !/[*?{[]/.test(p));
  return folders.length ? folders : DEFAULT_SWEEP_PATTERNS;
}

interface FoundSweep {
  key: string;
  path: string;
  kind: ListedSweep['kind'];
}

async function expand(root: string, patterns: string[]): Promise<FoundSweep[]> {
  const found = new Map<string, FoundSweep>();
  for (const pattern of patterns) {
    const absolute = isAbsolute(pattern) ? pattern : resolve(root, pattern);
    const isFolder = !/[*?{[]/.test(pattern) && (await stat(absolute).catch(() => undefined))?.isDirectory();
    const globs = isFolder
      ? [`${absolute}/**/${MANIFEST_FILE}`, `${absolute}/**/*.results.json`]
      : [absolute];
    const base = isFolder
      ? absolute
      : isAbsolute(pattern)
        ? absolute.slice(0, absolute.search(/[*?{[]/))
        : root;
    for (const path of await glob(
      globs.map((g) => g.split(sep).join('/')),
      { absolute: true, ignore: ['**/node_modules/**'] },
    )) {
      const kind = path.endsWith(`/${MANIFEST_FILE}`) ? 'sweep' : 'results';
      const target = kind === 'sweep' ? dirname(path) : path;
      const key = relative(base, target).split(sep).join('/') || '.';
      if (!found.has(key)) found.set(key, { key, path: target, kind });
    }
  }
  return [...found.values()];
}

export async function listSweeps(
  root: string,
  patterns: string[],
): Promise<{ sweeps: ListedSweep[]; byKey: Map<string, FoundSweep> }> {
  const byKey = new Map<string, FoundSweep>();
  const sweeps: ListedSweep[] = [];
  for (const found of await expand(root, patterns)) {
    byKey.set(found.key, found);
    const manifestPath = found.kind === 'sweep' ? join(found.path, MANIFEST_FILE) : found.path;
    const info = await stat(manifestPath).catch(() => undefined);
    const entry: ListedSweep = {
      key: found.key,
      name: found.key,
      kind: found.kind,
      runs: 0,
      mtimeMs: info?.mtimeMs ?? 0,
    };
    try {
      if (found.kind === 'sweep') {
        const manifest = await readManifest(found.path);
        entry.name = manifest.name;
        entry.runs = manifest.runs.length;
      } else {
        const table = parseResultsTable(JSON.parse(await readFile(found.path, 'utf8')), found.path);
        entry.name = table.name;
        entry.runs = table.observations.length;
      }
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
    }
    sweeps.push(entry);
  }
  sweeps.sort((a, b) => b.mtimeMs - a.mtimeMs);
  return { sweeps, byKey };
}

/**
 * The results table of one listed sweep, with each observation's run URL filled in where the run
 * file is one the file endpoint serves (`fileUrlOf` maps an absolute path to its URL). A sweep run
 * whose file is not on disk (a folder kept or committed with its summaries only) gets instead the
 * command, run from `root`, that makes it again.
 */
export async function sweepDocument(
  found: FoundSweep,
  fileUrlOf: (absolutePath: string) => string | undefined,
  root: string,
): Promise<ResultsTable> {
  if (found.kind === 'results') {
    const table = parseResultsTable(JSON.parse(await readFile(found.path, 'utf8')), found.path);
    for (const o of table.observations) {
      if (o.run && !o.run.url) {
        const url = fileUrlOf(resolve(dirname(found.path), o.run.name, 'run.gpuviz'));
        if (url) o.run.url = url;
      }
    }
    return table;
  }
  const manifest = await readManifest(found.path);
  const table = await readSweepResults(found.path, { manifest });
  const indexOf = new Map(manifest.runs.map((run) => [run.name, run.index]));
  for (const o of table.observations) {
    if (!o.run) continue;
    const file = join(found.path, o.run.name, RUN_FILE);
    const url = fileUrlOf(file);
    if (url) o.run.url = url;
    else if (manifest.sweepFile && !existsSync(file)) {
      // Relative to the root where that is shorter than going up out of it.
      const path = (p: string) => {
        const inside = relative(root, p);
        return shellWord(
          inside.startsWith('..') || isAbsolute(inside) ? p : inside.split(sep).join('/') || '.',
        );
      };
      o.run.regenerate = `npx gpusim sweep task ${path(resolve(found.path, manifest.sweepFile))} --index ${indexOf.get(o.run.name)} --out ${path(found.path)}`;
    }
  }
  return table;
}

/** A path as one shell word: as it is when plain, else single-quoted. */
function shellWord(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
