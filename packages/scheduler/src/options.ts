import { z } from 'zod';
import { RUN_PLACEMENT_NAMES } from './placement/run-placement.ts';
import { POLICY_NAMES } from './policies/index.ts';

export const WORKLOAD_NAMES = ['gpusim', 'gavel'] as const;

const positive = z.number().positive().finite();

/**
 * Options of one run. Keys are the camelCase forms of `gpusim run`'s long flags, so the CLI,
 * sweeps and scripts all build the same object. Cluster: `cluster` (a spec string such as
 * `v100=36,p100=36` or an openb node-list CSV path) or `preset` (default philly). Jobs: `trace`
 * (Gavel format) or `podList` (openb) or a generator (`workload`, `jobsPerHour`, and `numJobs` or
 * `window`); a pod list on a cluster with CPU and memory per node shares GPUs (`gpuSharing`).
 * The round mechanism is Gavel's; the options after `minReallocationInterval` turn its
 * quirks off one by one (README, "Where gpusim differs from Gavel").
 */
const runOptionsObject = z
  .object({
    preset: z.string().optional(),
    cluster: z.string().optional(),
    gpusPerNode: z.number().int().positive().default(4),
    trace: z.string().optional(),
    podList: z.string().optional(),
    throughputs: z.string().optional(),
    /** `gpusim`: our generator (any cluster, redraws jobs it cannot run); `gavel`: Gavel's, draw for draw. */
    workload: z.enum(WORKLOAD_NAMES).default('gpusim'),
    /** Gavel's generator only: scale factors 1-8 (generate_multi_gpu_jobs) and 20% priority-5 jobs. */
    multiGpu: z.boolean().default(false),
    multiPriority: z.boolean().default(false),
    /** Every generated job arrives at t = 0 (Gavel's lam = 0). */
    allAtStart: z.boolean().default(false),
    policy: z.enum(POLICY_NAMES).default('fifo'),
    /**
     * first-fit, best-fit, random and fgd work in every run; dotprod, clustering and packing only
     * where pods share GPUs. With GPU sharing each is the FGD simulator's policy of that name.
     */
    placement: z.enum(RUN_PLACEMENT_NAMES).default('first-fit'),
    /**
     * Pod lists only: pods asking for part of a GPU share GPUs, with CPU and memory per node.
     * Default: on when the cluster lists CPU and memory per node (an openb node list), else off.
     */
    gpuSharing: z.boolean().optional(),
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
    /** Gavel's minimum_time_between_allocation_resets. */
    minReallocationInterval: z.number().min(0).finite().default(1920),
    /** Gavel's last_reset_time == 0 rule: the reset after the one at t = 0 ignores the interval. */
    earlyReset: z.boolean().default(true),
    /** Gavel credits a job's time from the previous round's end, idle gaps included. */
    idleCredit: z.boolean().default(true),
    /** Gavel's trace rule: once every job has arrived and nothing runs, reset at once. */
    forcedReset: z.boolean().default(true),
    /** Jobs that arrived after the last reset: `wait` for it, or `hold` GPUs they cannot use (Gavel). */
    unallocatedJobs: z.enum(['wait', 'hold']).default('wait'),
    /** Gavel's fill: GPUs the allocation leaves idle go to jobs it placed elsewhere. */
    leftoverFill: z.boolean().default(true),
    /** Seconds of simulated time. */
    maxSimTime: positive.optional(),
    /** Seconds of wall-clock time. */
    maxWallTime: positive.optional(),
    /** Seconds: end once the window's average JCT is certain to exceed this (endReason jct-cutoff). */
    maxWindowJct: positive.optional(),
    /** Seconds after the window's last arrival: end a still-unfinished window (endReason window-deadline). */
    windowDeadline: positive.optional(),
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
  if (options.allAtStart)
    conflict('window', 'allAtStart', 'a window runs in steady state, with jobs arriving over time');
  for (const source of ['trace', 'podList'] as const) {
    for (const generated of ['allAtStart', 'multiGpu', 'multiPriority'] as const) {
      if (options[generated]) conflict(source, generated, 'only generated jobs have it');
    }
    if (options.workload !== 'gpusim') conflict(source, 'workload', 'give one job source');
  }
  if (options.gpuSharing !== undefined && options.podList === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['gpuSharing'],
      message: 'only with podList (generated jobs and traces ask for whole GPUs)',
    });
  }
  for (const gavelOnly of ['multiGpu', 'multiPriority'] as const) {
    if (options[gavelOnly] && options.workload !== 'gavel') {
      context.addIssue({
        code: 'custom',
        path: [gavelOnly],
        message: "only with workload gavel (gpusim's generator always mixes sizes and uses weight 1)",
      });
    }
  }
  if (options.maxWindowJct !== undefined && options.window === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['maxWindowJct'],
      message: 'needs window: it bounds the average JCT of the measurement window',
    });
  }
  if (options.windowDeadline !== undefined && options.window === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['windowDeadline'],
      message: "needs window: it counts from the arrival of the window's last job",
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
