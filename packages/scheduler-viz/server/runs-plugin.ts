import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { readRunHeader } from 'scheduler/format';
import { glob } from 'tinyglobby';
import type { Connect, Plugin } from 'vite';
import { runTags } from '../src/tags.ts';
import { listSweeps, sweepDocument, sweepPatternsFrom } from './sweeps.ts';

/** Where runs are looked for when GPUVIZ_RUNS is unset: every project's data and the repo's out/. */
export const DEFAULT_RUN_PATTERNS = ['projects/*/data/**/run.gpuviz', 'out/**/run.gpuviz'];
export const RUNS_ENDPOINT = '/@gpuviz/runs';
export const FILE_PREFIX = '/@gpuviz/file/';
export const SWEEPS_ENDPOINT = '/@gpuviz/sweeps';
export const SWEEP_PREFIX = '/@gpuviz/sweep/';

export interface RunsPluginOptions {
  /** Folder that relative patterns start from (the repo root). */
  root: string;
  /**
   * Globs or folders, relative to root or absolute. Default: env GPUVIZ_RUNS (comma-separated)
   * or DEFAULT_RUN_PATTERNS. A folder means every .gpuviz file under it.
   */
  patterns?: string[];
  /** Where sweeps are looked for (see sweeps.ts); default from GPUVIZ_SWEEPS / GPUVIZ_RUNS. */
  sweepPatterns?: string[];
}

export interface ListedRun {
  url: string;
  name: string;
  mtimeMs: number;
  sizeBytes: number;
  tags: Record<string, string>;
  error?: string;
}

export function patternsFrom(env: string | undefined): string[] {
  const list = (env ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return list.length > 0 ? list : DEFAULT_RUN_PATTERNS;
}

interface Found {
  path: string;
  /** Short stable name: the path relative to the folder the pattern starts from. */
  key: string;
}

/** Files matching the patterns; a folder pattern means every .gpuviz file under it. */
async function expand(root: string, patterns: string[]): Promise<Found[]> {
  const found = new Map<string, Found>();
  for (const pattern of patterns) {
    const absolute = isAbsolute(pattern) ? pattern : resolve(root, pattern);
    const isGlob = /[*?{[]/.test(pattern);
    const isFolder = !isGlob && (await stat(absolute).catch(() => undefined))?.isDirectory();
    const base = isFolder ? absolute : isAbsolute(pattern) ? staticPrefix(absolute) : root;
    const globPattern = (isFolder ? `${absolute}/**/*.gpuviz` : absolute).split(sep).join('/');
    for (const path of await glob(globPattern, { absolute: true, ignore: ['**/node_modules/**'] })) {
      const key = relative(base, path).split(sep).join('/');
      if (![...found.values()].some((f) => f.key === key)) found.set(path, { path, key });
    }
  }
  return [...found.values()];
}

/** The folder part of an absolute glob before its first wildcard. */
function staticPrefix(pattern: string): string {
  const parts = pattern.split(/[\\/]/);
  const first = parts.findIndex((p) => /[*?{[]/.test(p));
  return parts.slice(0, first < 0 ? parts.length - 1 : first).join('/') || '/';
}

/** The config tags of a run, read from the first bytes of the file only. */
async function tagsOf(path: string): Promise<Record<string, string>> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(24);
    await handle.read(head, 0, 24, 0);
    const confLength = new DataView(head.buffer).getUint32(20, true);
    const prefix = new Uint8Array(Math.min(24 + confLength, 64 * 1024 * 1024));
    await handle.read(prefix, 0, prefix.length, 0);
    return runTags(readRunHeader(prefix, { source: path }).config);
  } finally {
    await handle.close();
  }
}

export async function listRuns(
  root: string,
  patterns: string[],
  { tags = true }: { tags?: boolean } = {},
): Promise<{ runs: ListedRun[]; byKey: Map<string, string> }> {
  const files = await expand(root, patterns);
  const byKey = new Map<string, string>();
  const runs: ListedRun[] = [];
  for (const { path, key } of files) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    byKey.set(key, path);
    const name = key.replace(/\/run\.gpuviz$/, '');
    const run: ListedRun = {
      url: FILE_PREFIX + encodeURIComponent(key),
      name,
      mtimeMs: info.mtimeMs,
      sizeBytes: info.size,
      tags: {},
    };
    try {
      if (tags) run.tags = await tagsOf(path);
    } catch (error) {
      run.error = error instanceof Error ? error.message : String(error);
    }
    runs.push(run);
  }
  // Newest first: the run just written by `gpusim run --out` is on top.
  runs.sort((a, b) => b.mtimeMs - a.mtimeMs);
  return { runs, byKey };
}

/**
 * Connect middleware: the run list as JSON, the listed files (only those) as bytes, the sweep list,
 * and one sweep's results table with the URLs of its runs.
 */
export function runsMiddleware(options: RunsPluginOptions): Connect.NextHandleFunction {
  const patterns = () => options.patterns ?? patternsFrom(process.env.GPUVIZ_RUNS);
  const sweepPatterns = () =>
    options.sweepPatterns ?? sweepPatternsFrom(process.env.GPUVIZ_SWEEPS, process.env.GPUVIZ_RUNS);
  const json = (res: ServerResponse, value: unknown) => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.end(JSON.stringify(value));
  };
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === SWEEPS_ENDPOINT) {
      listSweeps(options.root, sweepPatterns())
        .then(({ sweeps }) => json(res, sweeps))
        .catch(next);
      return;
    }
    if (url.pathname.startsWith(SWEEP_PREFIX)) {
      const key = decodeURIComponent(url.pathname.slice(SWEEP_PREFIX.length));
      Promise.all([
        listSweeps(options.root, sweepPatterns()),
        listRuns(options.root, patterns(), { tags: false }),
      ])
        .then(async ([{ byKey: sweeps }, { byKey: runs }]) => {
          const found = sweeps.get(key);
          if (!found) {
            res.statusCode = 404;
            res.end(`not a listed sweep: ${key}`);
            return;
          }
          const byPath = new Map(
            [...runs].map(([runKey, path]) => [path, FILE_PREFIX + encodeURIComponent(runKey)]),
          );
          try {
            json(res, await sweepDocument(found, (path) => byPath.get(path), options.root));
          } catch (error) {
            res.statusCode = 422;
            res.end(error instanceof Error ? error.message : String(error));
          }
        })
        .catch(next);
      return;
    }
    if (url.pathname === RUNS_ENDPOINT) {
      listRuns(options.root, patterns())
        .then(({ runs }) => {
          res.setHeader('content-type', 'application/json');
          res.setHeader('cache-control', 'no-store');
          res.end(JSON.stringify(runs));
        })
        .catch(next);
      return;
    }
    if (url.pathname.startsWith(FILE_PREFIX)) {
      const key = decodeURIComponent(url.pathname.slice(FILE_PREFIX.length));
      // Only the paths matter here: no need to read every listed file's header.
      listRuns(options.root, patterns(), { tags: false })
        .then(({ byKey }) => {
          const path = byKey.get(key);
          if (!path) {
            res.statusCode = 404;
            res.end(`not a listed run: ${key}`);
            return;
          }
          res.setHeader('content-type', 'application/octet-stream');
          res.setHeader('cache-control', 'no-store');
          createReadStream(path).on('error', next).pipe(res);
        })
        .catch(next);
      return;
    }
    next();
  };
}

/** Vite plugin: the same middleware in `vite` (dev) and `vite preview`. */
export function gpuvizRuns(options: RunsPluginOptions): Plugin {
  return {
    name: 'gpuviz-runs',
    configureServer(server) {
      server.middlewares.use(runsMiddleware(options));
    },
    configurePreviewServer(server) {
      server.middlewares.use(runsMiddleware(options));
    },
  };
}
