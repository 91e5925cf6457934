import { InputError } from 'kit';
import { z } from 'zod';
import type { AllocationProblem, ProblemJob } from './types.ts';

/**
 * The `gpusim solve` problem file: one allocation problem in plain JSON, validated with
 * zod and turned into the engine's `AllocationProblem`. Every error names the field
 * (`problem.json: jobs[3].throughputs.v100: expected a number >= 0, got "x"`).
 *
 * A type a job lists no throughput for counts as 0 (the job cannot run there), so
 * Gavel-style tables with gaps load as they are; a job must be able to run somewhere.
 * `stepsRemaining` and `timeSinceArrival` are optional here; the policies that read them
 * (`PROGRESS_POLICIES`) require them through `requireProgress`.
 */
const nonNegative = 'expected a number >= 0';
const gpuCount = 'expected a whole number of GPUs >= 0';

const schema = z.object({
  workerTypes: z
    .record(
      z.string(),
      z.number({ error: gpuCount }).int({ error: gpuCount }).nonnegative({ error: gpuCount }),
      {
        error: 'expected an object of type name -> GPU count',
      },
    )
    .refine((types) => Object.keys(types).length > 0, { error: 'expected at least one worker type' }),
  jobs: z
    .array(
      z.object(
        {
          id: z.union([z.string().min(1), z.number()], { error: 'expected a non-empty string or a number' }),
          scaleFactor: z
            .number({ error: 'expected a whole number of GPUs >= 1' })
            .int({ error: 'expected a whole number of GPUs >= 1' })
            .min(1, { error: 'expected a whole number of GPUs >= 1' }),
          priorityWeight: z
            .number({ error: 'expected a number > 0' })
            .positive({ error: 'expected a number > 0' })
            .finite({ error: 'expected a number > 0' }),
          stepsRemaining: z
            .number({ error: nonNegative })
            .nonnegative({ error: nonNegative })
            .finite({ error: nonNegative })
            .optional(),
          timeSinceArrival: z
            .number({ error: 'expected seconds >= 0' })
            .nonnegative({ error: 'expected seconds >= 0' })
            .finite({ error: 'expected seconds >= 0' })
            .optional(),
          throughputs: z.record(
            z.string(),
            z
              .number({ error: nonNegative })
              .nonnegative({ error: nonNegative })
              .finite({ error: nonNegative }),
            { error: 'expected an object of type name -> steps per second' },
          ),
        },
        { error: 'expected a job object' },
      ),
      { error: 'expected an array of jobs' },
    )
    .min(1, { error: 'expected at least one job' }),
  previousAllocation: z
    .record(
      z.string(),
      z.record(
        z.string(),
        z
          .number({ error: 'expected a fraction between 0 and 1' })
          .min(0, { error: 'expected a fraction between 0 and 1' })
          .max(1, { error: 'expected a fraction between 0 and 1' }),
        { error: 'expected an object of type name -> fraction' },
      ),
      { error: 'expected an object of job id -> allocation' },
    )
    .optional(),
});

export type ProblemFile = z.infer<typeof schema>;

/** Parses the text of a problem file; `file` names it in errors. */
export function parseProblemFile(text: string, file: string): AllocationProblem {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new InputError({ file }, `expected JSON (${why})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = formatPath(issue.path) || '(top level)';
    throw InputError.expected(
      { file, field },
      issue.message.replace(/^expected /, ''),
      valueAt(raw, issue.path),
    );
  }
  return toProblem(parsed.data, file);
}

function toProblem(data: ProblemFile, file: string): AllocationProblem {
  const workerTypes = Object.keys(data.workerTypes);
  const typeIndex = new Map(workerTypes.map((name, k) => [name, k]));
  const capacities = Float64Array.from(workerTypes, (name) => data.workerTypes[name]!);
  const K = workerTypes.length;
  const seen = new Map<string, number>();
  const jobs: ProblemJob[] = data.jobs.map((job, i) => {
    const id = String(job.id);
    const first = seen.get(id);
    if (first !== undefined) {
      throw new InputError(
        { file, field: `jobs[${i}].id` },
        `expected a unique id, got "${id}" (also jobs[${first}].id)`,
      );
    }
    seen.set(id, i);
    const throughputs = new Float64Array(K);
    for (const [type, value] of Object.entries(job.throughputs)) {
      const k = typeIndex.get(type);
      if (k === undefined) throw unknownType(file, `jobs[${i}].throughputs.${type}`, workerTypes);
      throughputs[k] = value;
    }
    if (!throughputs.some((t, k) => t > 0 && capacities[k]! > 0)) {
      throw new InputError(
        { file, field: `jobs[${i}].throughputs` },
        'expected a throughput > 0 on at least one worker type with GPUs, got none',
      );
    }
    return {
      id,
      scaleFactor: job.scaleFactor,
      priorityWeight: job.priorityWeight,
      throughputs,
      ...(job.stepsRemaining !== undefined ? { stepsRemaining: job.stepsRemaining } : {}),
      ...(job.timeSinceArrival !== undefined ? { timeSinceArrival: job.timeSinceArrival } : {}),
    };
  });
  let previousAllocation: Map<string, Float64Array> | undefined;
  if (data.previousAllocation) {
    previousAllocation = new Map();
    for (const [id, fractions] of Object.entries(data.previousAllocation)) {
      if (!seen.has(id)) {
        throw new InputError(
          { file, field: `previousAllocation.${id}` },
          `expected the id of a job in jobs, got "${id}"`,
        );
      }
      const row = new Float64Array(K);
      for (const [type, value] of Object.entries(fractions)) {
        const k = typeIndex.get(type);
        if (k === undefined) throw unknownType(file, `previousAllocation.${id}.${type}`, workerTypes);
        row[k] = value;
      }
      previousAllocation.set(id, row);
    }
  }
  return { workerTypes, capacities, jobs, previousAllocation };
}

/** Every job has stepsRemaining and timeSinceArrival, or an error naming the first field missing. */
export function requireProgress(problem: AllocationProblem, file: string, policy: string): void {
  problem.jobs.forEach((job, i) => {
    for (const key of ['stepsRemaining', 'timeSinceArrival'] as const) {
      if (job[key] === undefined)
        throw new InputError(
          { file, field: `jobs[${i}].${key}` },
          `expected a number >= 0 (${policy} needs each job's steps remaining and seconds since arrival), got nothing`,
        );
    }
  });
}

function unknownType(file: string, field: string, known: readonly string[]): InputError {
  const type = field.slice(field.lastIndexOf('.') + 1);
  return new InputError(
    { file, field },
    `expected one of the workerTypes (${known.join(', ')}), got "${type}"`,
  );
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}
