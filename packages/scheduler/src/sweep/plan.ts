import { createHash } from 'node:crypto';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { describeValue, InputError } from 'kit';
import type { z } from 'zod';
import { type RunOptions, runOptionsSchema } from './run-options.ts';
import type { SweepSource } from './source.ts';
import { formatPath, parseSweepFile } from './spec.ts';

export interface PlannedRun {
  /** Position in the grid, first axis slowest: the SLURM array task id. */
  index: number;
  name: string;
  /** Axis name to the label of this run's value on it. */
  labels: Record<string, string>;
  options: RunOptions;
  /** Digest of the options, so a resumed sweep reruns a run whose configuration changed. */
  configHash: string;
}

export interface SweepPlan {
  file: string;
  name: string;
  axes: string[];
  runs: PlannedRun[];
  /** How the results read as a figure (the sweep file's `results`, checked against the axes). */
  results: SweepResultsSettings;
}

export interface SweepResultsSettings {
  /** An axis, or a run option set by one axis; undefined: chosen when aggregating. */
  x?: string;
  /** The replicate axis; undefined when the sweep has none. */
  over?: string;
  metric?: string;
  /** End reasons whose runs count in the means. */
  accept: string[];
  /** Absolute paths of reference curve files. */
  reference: string[];
}

/** End reasons that count by default: the run measured what it was asked to. */
export const DEFAULT_ACCEPTED_END_REASONS = ['window', 'completed'];

/** Names the sweep's own files use in the results folder; a run may not take them. */
export const RESERVED_NAMES = new Set([
  'logs',
  'status',
  'summary.csv',
  'sweep.sbatch',
  'slurm-job.json',
  'sweep.json',
  'aggregate.csv',
  'aggregate.json',
]);

/** Options that name files: relative paths in a sweep file are relative to the file itself. */
const PATH_OPTIONS = ['trace', 'podList', 'throughputs'];

interface AxisValue {
  label: string;
  options: Record<string, unknown>;
  /** Where in the file this value was written, for errors. */
  path: (string | number)[];
}

/** Expand a sweep file into its runs, validating each run's options against `gpusim run`'s schema. */
export function planSweep(source: SweepSource): SweepPlan {
  const file = source.file;
  const sweep = parseSweepFile(source);
  const known = optionKeys(runOptionsSchema);
  const fail = (path: (string | number)[], problem: string): never => {
    throw new InputError({ file, line: source.lineOf(path), field: formatPath(path) }, problem);
  };
  const checkKeys = (options: Record<string, unknown>, at: (string | number)[]) => {
    if (!known) return;
    for (const key of Object.keys(options)) {
      if (!known.includes(key))
        fail([...at, key], `expected a gpusim run option (${known.join(', ')}), got an unknown key`);
    }
  };
  checkKeys(sweep.base, ['base']);

  const axes = Object.entries(sweep.axes).map(([axis, values]) =>
    values.map((value, position): AxisValue => {
      const path = ['axes', axis, position];
      if (!known || known.includes(axis)) return { label: labelOf(value), options: { [axis]: value }, path };
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        fail(
          path,
          `expected an object of run options (the axis "${axis}" is not a run option, so it is a group), got ${JSON.stringify(value)}`,
        );
      }
      const { name, ...options } = value as Record<string, unknown>;
      if (name !== undefined && typeof name !== 'string' && typeof name !== 'number')
        fail([...path, 'name'], 'expected a string label');
      checkKeys(options, path);
      return { label: name === undefined ? String(position) : String(name), options, path };
    }),
  );
  const axisNames = Object.keys(sweep.axes);
  const template =
    sweep.runName ?? (axisNames.length ? axisNames.map((axis) => `${axis}-{${axis}}`).join('_') : 'run');
  for (const match of template.matchAll(/\{([^}]*)\}/g)) {
    const key = match[1]!;
    if (key !== 'index' && !axisNames.includes(key))
      fail(
        ['runName'],
        `expected placeholders {index} or an axis name (${axisNames.join(', ')}), got {${key}}`,
      );
  }

  const runs: PlannedRun[] = [];
  const seen = new Map<string, number>();
  const baseDir = dirname(resolve(file));
  for (const combination of cartesian(axes)) {
    const index = runs.length;
    const labels: Record<string, string> = {};
    let merged: Record<string, unknown> = { ...sweep.base };
    const origin = new Map<string, (string | number)[]>();
    for (const key of Object.keys(sweep.base)) origin.set(key, ['base', key]);
    combination.forEach((value, axis) => {
      labels[axisNames[axis]!] = value.label;
      merged = { ...merged, ...value.options };
      for (const key of Object.keys(value.options)) {
        origin.set(key, known?.includes(axisNames[axis]!) ? value.path : [...value.path, key]);
      }
    });
    const parsed = runOptionsSchema.safeParse(resolvePaths(merged, baseDir));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const key = String(issue.path[0] ?? '');
      const at = origin.get(key) ?? ['base'];
      const rest = issue.path.slice(1).filter((part): part is string | number => typeof part !== 'symbol');
      let message = `${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
      if (issue.path.length > 0 && /expected/.test(message) && !/received|got /.test(message))
        message += `, got ${describeValue(valueAt(merged, issue.path))}`;
      fail([...at, ...rest], `run ${index}: ${message}`);
    }
    const options = (parsed as { data: RunOptions }).data;
    const name = sanitize(
      template.replace(/\{([^}]*)\}/g, (_, key: string) => (key === 'index' ? String(index) : labels[key]!)),
    );
    if (RESERVED_NAMES.has(name))
      fail(
        ['runName'],
        `expected run names other than ${[...RESERVED_NAMES].join(', ')}, got "${name}" for run ${index}`,
      );
    const twin = seen.get(name);
    if (twin !== undefined)
      fail(
        ['runName'],
        `expected a distinct name per run, got "${name}" for runs ${twin} and ${index} (add an axis or {index})`,
      );
    seen.set(name, index);
    runs.push({ index, name, labels, options, configHash: hashOptions(options) });
  }
  return {
    file,
    name: sweep.name ?? sanitize(basename(file).replace(/\.(json|ya?ml)$/i, '')),
    axes: axisNames,
    runs,
    results: resultsSettings(
      sweep,
      axisNames,
      new Set(axes.flatMap((values) => values.flatMap((value) => Object.keys(value.options)))),
      baseDir,
      fail,
    ),
  };
}

/** The `results` block checked against the grid: x and over must name what the sweep varies. */
function resultsSettings(
  sweep: ReturnType<typeof parseSweepFile>,
  axes: string[],
  axisOptions: ReadonlySet<string>,
  baseDir: string,
  fail: (path: (string | number)[], problem: string) => never,
): SweepResultsSettings {
  const given = sweep.results ?? {};
  const over = given.over ?? (axes.includes('seed') ? 'seed' : undefined);
  if (given.over !== undefined && !axes.includes(given.over))
    fail(['results', 'over'], `expected an axis (${axes.join(', ')}), got "${given.over}"`);
  if (given.x !== undefined && !axes.includes(given.x) && !axisOptions.has(given.x))
    fail(
      ['results', 'x'],
      `expected an axis or a run option an axis sets (${[...new Set([...axes, ...axisOptions])].join(', ')}), got "${given.x}"`,
    );
  if (given.x !== undefined && given.x === over)
    fail(['results', 'x'], `expected an axis other than the replicate axis "${over}"`);
  const reference = typeof given.reference === 'string' ? [given.reference] : (given.reference ?? []);
  return {
    ...(given.x !== undefined ? { x: given.x } : {}),
    ...(over !== undefined ? { over } : {}),
    ...(given.metric !== undefined ? { metric: given.metric } : {}),
    accept: given.accept ?? DEFAULT_ACCEPTED_END_REASONS,
    reference: reference.map((path) => (isAbsolute(path) ? path : resolve(baseDir, path))),
  };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const part of path)
    current =
      current && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[part] : undefined;
  return current;
}

function* cartesian<T>(lists: T[][]): Generator<T[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists;
  for (const head of first!) for (const tail of cartesian(rest)) yield [head, ...tail];
}

function labelOf(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}

/** Run names become folder names: keep them portable and shell-friendly. */
function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9._=+-]+/g, '-');
}

function resolvePaths(options: Record<string, unknown>, baseDir: string): Record<string, unknown> {
  const out = { ...options };
  const fix = (key: string) => {
    const value = out[key];
    if (typeof value === 'string' && value !== '' && !isAbsolute(value)) out[key] = resolve(baseDir, value);
  };
  for (const key of PATH_OPTIONS) fix(key);
  // `cluster` is either a spec string (`v100=4,p100=4`) or an openb node-list CSV.
  if (typeof out.cluster === 'string' && /\.csv$/i.test(out.cluster)) fix('cluster');
  return out;
}

function hashOptions(options: unknown): string {
  return createHash('sha256').update(stableJson(options)).digest('hex').slice(0, 16);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The option names the schema accepts, when it is an object schema (possibly refined or piped). */
function optionKeys(schema: z.ZodType): string[] | undefined {
  let current: unknown = schema;
  for (let depth = 0; depth < 4 && current; depth++) {
    const shape = (current as { shape?: Record<string, unknown> }).shape;
    if (shape && typeof shape === 'object') return Object.keys(shape);
    current =
      (current as { _zod?: { def?: { in?: unknown; innerType?: unknown } } })._zod?.def?.in ??
      (current as { _zod?: { def?: { innerType?: unknown } } })._zod?.def?.innerType;
  }
  return undefined;
}
