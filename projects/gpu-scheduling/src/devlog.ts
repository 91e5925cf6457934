/**
 * The Python simulator's figures, as the users' dev log reports them (quoted in issue 9). They
 * are facts from the log, not measurements of ours: the post cites them through summary.json's
 * `devlog` section and sets ours beside them.
 */
export const DEVLOG = {
  /** The two cluster sizes as the log describes them (ours: 108 and 6,212 GPUs). */
  phillyGpus: 108,
  alibabaGpus: 6200,
  /** LP share of the runtime at Philly scale. */
  lpSharePhillyPct: 9,
  /** LP share of the runtime at Alibaba scale, with about 1,700 active jobs. */
  lpShareAlibabaPct: 48,
  alibabaActiveJobs: 1700,
  /** One ECOS solve at Alibaba scale. */
  ecosSolveSeconds: 3.0,
  /** Worker assignment's share once the single-type waterfill replaced the LP. */
  workerAssignmentPct: 88,
  /** Speedup from demoting verbose logging. */
  loggingSpeedup: 1.35,
} as const;

export type DevlogFigures = typeof DEVLOG & {
  /** As the post prints them: thousands separators, and the log's one decimal for the solve. */
  formatted: { alibabaGpus: string; alibabaActiveJobs: string; ecosSolveSeconds: string };
};

/** The summary's `devlog` section: the log's figures, and the ones the post shows formatted. */
export function devlogFigures(): DevlogFigures {
  return {
    ...DEVLOG,
    formatted: {
      alibabaGpus: DEVLOG.alibabaGpus.toLocaleString('en-US'),
      alibabaActiveJobs: DEVLOG.alibabaActiveJobs.toLocaleString('en-US'),
      ecosSolveSeconds: DEVLOG.ecosSolveSeconds.toFixed(1),
    },
  };
}
