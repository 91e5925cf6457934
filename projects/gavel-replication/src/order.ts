import type { PlannedRun } from 'scheduler';

/**
 * Highest job rate first: the runs at and past the knee take minutes where the others take
 * seconds, so starting them first keeps every worker busy until the end (longest first). Gavel's
 * sweep script sorts the other way, shortest first, to see results sooner.
 */
export function highestRateFirst(a: PlannedRun, b: PlannedRun): number {
  return b.options.jobsPerHour - a.options.jobsPerHour || a.index - b.index;
}
