import { z } from 'zod';
import { PLACEMENT_NAMES } from './placement/strategies.ts';
import { POLICY_NAMES } from './policies/index.ts';

const positive = z.number().positive().finite();

/**
 * Options of one run. Keys are the camelCase forms of `gpusim run`'s long flags, so the CLI,
 * sweeps and scripts all build the same object. Cluster: `cluster` (a spec string such as
 * `v100=36,p100=36` or an openb node-list CSV path) or `preset` (default philly). Jobs: `trace`
 * (Gavel format) or `podList` (openb) or the generator (`jobsPerHour`, and `numJobs` or `window`).
 */
const runOptionsObject = z
  .object({
    preset: z.string().optional(),
    cluster: z.string().optional(),
    gpusPerNode: z.number().int().positive().default(4),
    trace: z.string().optional(),
    podList: z.string().optional(),
    throughputs: z.string().optional(),
    policy: z.enum(POLICY_NAMES).default('fifo'),
    placement: z.enum(PLACEMENT_NAMES).default('first-fit'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(0),
    jobsPerHour: positive.default(2),
    numJobs: z.number().int().positive().optional(),
    /** Measurement window of job ids, `FIRST:LAST` (LAST excluded), e.g. 4000:5000. */
    window: z
      .string()
      .regex(/^\d+:\d+$/, 'expected FIRST:LAST job ids such as 4000:5000')
      .refine((text) => {
        const [first, last] = text.split(':').map(Number);
        return first! < last!;
      }, 'expected FIRST < LAST')
      .optional(),
    roundDuration: positive.default(360),
    minReallocationInterval: z.number().min(0).finite().default(0),
    /** Seconds of simulated time. */
    maxSimTime: positive.optional(),
    /** Seconds of wall-clock time. */
    maxWallTime: positive.optional(),
    /** Seconds: end once the window's average JCT is certain to exceed this (endReason jct-cutoff). */
    maxWindowJct: positive.optional(),
    migrationPenalty: z.number().min(0).finite().optional(),
    solverOptions: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    profile: z.boolean().default(false),
  })
  .strict();

/** Every option name `gpusim run` and sweep files accept. */
export const RUN_OPTION_KEYS: readonly string[] = Object.keys(runOptionsObject.shape);

export const runOptionsSchema = runOptionsObject.superRefine((options, context) => {
  const conflict = (a: keyof typeof options, b: keyof typeof options, why: string) => {
    if (options[a] !== undefined && options[b] !== undefined) {
      context.addIssue({ code: 'custom', path: [b], message: `cannot be combined with ${a}: ${why}` });
    }
  };
  conflict('preset', 'cluster', 'give one cluster');
  conflict('trace', 'podList', 'give one job source');
  conflict('trace', 'numJobs', 'a trace fixes its jobs');
  conflict('podList', 'numJobs', 'a pod list fixes its jobs');
  conflict('podList', 'throughputs', 'pods carry durations, not job types');
  conflict('numJobs', 'window', 'a window runs in steady state, with no job count');
  if (options.maxWindowJct !== undefined && options.window === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['maxWindowJct'],
      message: 'needs window: it bounds the average JCT of the measurement window',
    });
  }
});

export type RunOptions = z.output<typeof runOptionsSchema>;
export type RunOptionsInput = z.input<typeof runOptionsSchema>;

export const DEFAULT_PRESET = 'philly';
/** Jobs the generator makes when neither numJobs nor window is given. */
export const DEFAULT_NUM_JOBS = 100;

export function parseWindow(window: string | undefined): { first: number; last: number } | undefined {
  if (!window) return undefined;
  const [first, last] = window.split(':').map(Number);
  return { first: first!, last: last! };
}
