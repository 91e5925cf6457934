import { InputError } from 'kit';
import { z } from 'zod';
import type { SweepSource } from './source.ts';

const AXIS_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A sweep file: the options every run shares, grid axes over them, and how runs are named.
 * Option keys are `gpusim run` long flags in camelCase (`jobsPerHour` for `--jobs-per-hour`).
 *
 * An axis named after an option (`policy: [fifo, isolated]`) sets that option. An axis with any
 * other name is a group: each value is an object of options set together, with an optional `name`
 * used in run names (`load: [{name: low, jobsPerHour: 20}, {name: high, jobsPerHour: 60}]`).
 */
export const sweepFileSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'expected letters, digits, dot, dash or underscore')
    .optional(),
  base: z.record(z.string(), z.unknown()).default({}),
  axes: z
    .record(
      z.string().regex(AXIS_NAME, 'expected an axis name made of letters, digits and underscores'),
      z.array(z.unknown()).min(1, 'expected at least one value'),
    )
    .default({}),
  runName: z.string().min(1).optional(),
  /**
   * How to read the finished sweep as a figure (`gpusim sweep aggregate`, the viewer's Results
   * view): the x (an axis, or a run option a group axis sets), the replicate axis, the metric shown
   * first, which end reasons count, and reference curve files (gpusim-curves/1, relative to the
   * sweep file).
   */
  results: z
    .strictObject({
      x: z.string().min(1).optional(),
      over: z.string().min(1).optional(),
      metric: z.string().min(1).optional(),
      accept: z.array(z.string().min(1)).min(1, 'expected at least one end reason').optional(),
      reference: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
    })
    .optional(),
});

export type SweepFile = z.infer<typeof sweepFileSchema>;

/** Validate the sweep file's shape (not yet the run options inside it). */
export function parseSweepFile(source: SweepSource): SweepFile {
  const result = sweepFileSchema.safeParse(source.data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  let message = lowerFirst(issue.message);
  if (issue.code === 'unrecognized_keys' && issue.keys[0] && path.length === 0) {
    // Point at the stray key itself, and say what belongs there instead.
    path.push(issue.keys[0]);
    message = `expected one of ${Object.keys(sweepFileSchema.shape).join(', ')}, got an unknown key`;
  }
  throw new InputError(
    { file: source.file, line: source.lineOf(path), field: formatPath(path) || '(top level)' },
    message,
  );
}

/** `axes.policy[1]` style, as users would point at the value in their file. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
