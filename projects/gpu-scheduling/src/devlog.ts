/**
 * The Python simulator's figures, as the users' dev log reports them (quoted in issue 9). They
 * are facts from the log, not measurements of ours: the post cites them and sets ours beside them.
 */
export const DEVLOG = {
  /** LP share of the runtime at Philly scale (108 GPUs). */
  lpSharePhillyPct: 9,
  /** LP share of the runtime at Alibaba scale (6,200 GPUs, about 1,700 active jobs). */
  lpShareAlibabaPct: 48,
  alibabaActiveJobs: 1700,
  /** One ECOS solve at Alibaba scale. */
  ecosSolveSeconds: 3.0,
  /** Worker assignment's share once the single-type waterfill replaced the LP. */
  workerAssignmentPct: 88,
  /** Speedup from demoting verbose logging. */
  loggingSpeedup: 1.35,
} as const;
