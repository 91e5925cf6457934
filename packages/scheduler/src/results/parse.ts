// The browser-safe entry of kit: the viewer bundles this module.
import { describeValue } from 'kit/errors';
import { z } from 'zod';
import type { CurveSet, ResultsTable } from './types.ts';

/**
 * Validation of results documents and curve files read from disk or the network. Errors are one
 * line naming the source and the field: `fig9a.curves.json: curves[1].y: expected an array of
 * numbers or nulls, got "x"`.
 */
export class ResultsFileError extends Error {
  override name = 'ResultsFileError';
}

const finite = z.number().finite();
const nullableNumbers = z.array(finite.nullable(), { error: 'expected an array of numbers or nulls' });

const curveSchema = z
  .object({
    name: z.string().min(1, { error: 'expected a curve name' }),
    series: z.record(z.string(), z.string()).optional(),
    x: z.array(finite, { error: 'expected an array of numbers' }),
    y: nullableNumbers,
    band: z.object({ lower: nullableNumbers, upper: nullableNumbers }).optional(),
  })
  .superRefine((curve, context) => {
    const lengths = [curve.y.length, curve.band?.lower.length, curve.band?.upper.length];
    for (const [i, length] of lengths.entries()) {
      if (length !== undefined && length !== curve.x.length)
        context.addIssue({
          code: 'custom',
          path: [['y', 'band', 'band'][i]!, ...(i === 0 ? [] : [i === 1 ? 'lower' : 'upper'])],
          message: `expected ${curve.x.length} values, one per x, got ${length}`,
        });
    }
  });

export const curveSetSchema = z.object({
  format: z.literal('gpusim-curves/1', { error: 'expected "gpusim-curves/1"' }),
  title: z.string().optional(),
  source: z.string().optional(),
  x: z.object({ label: z.string().optional() }),
  y: z.object({
    metric: z.string().min(1, { error: 'expected the metric name the curves compare with' }),
    label: z.string().optional(),
    scale: z.number().positive({ error: 'expected a number > 0' }).optional(),
  }),
  curves: z.array(curveSchema),
});

const runLinkSchema = z.object({
  name: z.string(),
  url: z.string().optional(),
  round: z.number().int().min(0).optional(),
  at: z.literal('window').optional(),
  regenerate: z.string().optional(),
});

export const resultsTableSchema = z.object({
  format: z.literal('gpusim-results/1', { error: 'expected "gpusim-results/1"' }),
  name: z.string().min(1),
  x: z.object({ name: z.string().min(1), label: z.string().optional() }),
  seriesAxes: z.array(z.string()),
  replicateAxis: z.string().optional(),
  metrics: z.array(z.string()),
  defaultMetric: z.string().optional(),
  observations: z.array(
    z.object({
      labels: z.record(z.string(), z.string()),
      x: finite,
      values: z.record(z.string(), finite.nullable()),
      excluded: z.string().optional(),
      run: runLinkSchema.optional(),
    }),
  ),
  reference: z.array(curveSetSchema).optional(),
});

export function parseCurveSet(value: unknown, source: string): CurveSet {
  return parseWith(curveSetSchema, value, source) as CurveSet;
}

export function parseResultsTable(value: unknown, source: string): ResultsTable {
  return parseWith(resultsTableSchema, value, source) as ResultsTable;
}

function parseWith(schema: z.ZodType, value: unknown, source: string): unknown {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  let field = '';
  for (const part of issue.path)
    field += typeof part === 'number' ? `[${part}]` : field ? `.${String(part)}` : String(part);
  const got = describeValue(valueAt(value, issue.path));
  const message = issue.message.replace(/^Invalid input: /, '');
  throw new ResultsFileError(
    `${source}: ${field || '(top level)'}: ${message}${/, got /.test(message) ? '' : `, got ${got}`}`,
  );
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}
