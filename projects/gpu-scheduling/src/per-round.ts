import { quantileSorted } from 'kit';
import type { RunRecord } from './load.ts';
import { groupBy, roundSignificant } from './stats.ts';

/** Which rounds a round-time curve pools: the ones that reallocated (a reset), or the others. */
export type RoundKind = 'reset' | 'other';
export const ROUND_KINDS: readonly RoundKind[] = ['reset', 'other'];

/** A median over the rounds (or solves) whose job count fell in one bin. */
export interface BinnedTime {
  scale: string;
  variant: string;
  /** For round times: which rounds; absent for LP solves. */
  rounds?: RoundKind;
  /** Median job count of the bin's rounds or solves. */
  jobs: number;
  /** Median wall ms per round, or per solve. */
  ms: number;
  count: number;
}

/** Bins half a power of two wide: fine enough to show a slope, coarse enough to hold rounds. */
export function jobBin(jobs: number): number {
  return Math.floor(2 * Math.log2(jobs));
}

/** Medians of `ms` per job-count bin, over bins with at least `minCount` samples. */
export function binByJobs(samples: readonly { jobs: number; ms: number }[], minCount = 3) {
  const bins = groupBy(
    samples.filter((s) => s.jobs > 0),
    (s) => String(jobBin(s.jobs)),
  );
  const out: { jobs: number; ms: number; count: number }[] = [];
  for (const members of bins.values()) {
    if (members.length < minCount) continue;
    const jobs = members.map((m) => m.jobs).sort((a, b) => a - b);
    const ms = members.map((m) => m.ms).sort((a, b) => a - b);
    out.push({
      jobs: roundSignificant(quantileSorted(jobs, 0.5))!,
      ms: roundSignificant(quantileSorted(ms, 0.5))!,
      count: members.length,
    });
  }
  return out.sort((a, b) => a.jobs - b.jobs);
}

function perScaleAndVariant(
  runs: readonly RunRecord[],
  samplesOf: (run: RunRecord) => { jobs: number; ms: number }[],
  extra: Pick<BinnedTime, 'rounds'> = {},
): BinnedTime[] {
  const out: BinnedTime[] = [];
  for (const [key, group] of groupBy(runs, (r) => `${r.scale}\u0000${r.variant}`)) {
    const [scale = '', variant = ''] = key.split('\u0000');
    const samples = group.flatMap(samplesOf);
    for (const bin of binByJobs(samples)) out.push({ scale, variant, ...extra, ...bin });
  }
  return out;
}

/**
 * Wall time of a round against the jobs active in it (running + queued), every round of every
 * run, in two curves per policy: the rounds that reallocated and the others. Gavel's mechanism
 * reallocates at resets only, so the two cost very different amounts under an LP.
 */
export function roundTimeByJobs(runs: readonly RunRecord[]): BinnedTime[] {
  return ROUND_KINDS.flatMap((kind) =>
    perScaleAndVariant(
      runs,
      (run) =>
        run.timing.wallMs.flatMap((ms, r) =>
          run.timing.reset[r] === (kind === 'reset') ? [{ jobs: run.rounds.active[r] ?? 0, ms }] : [],
        ),
      { rounds: kind },
    ),
  );
}

/** HiGHS solve time against the jobs in the LP, every solve of every run. */
export function lpSolveByJobs(runs: readonly RunRecord[]): BinnedTime[] {
  return perScaleAndVariant(
    runs.filter((r) => r.timing.solves.length > 0),
    (run) => run.timing.solves,
  );
}

export interface TimeAtJobs {
  jobs: number;
  ms: number;
}

export interface CurveEnds {
  fewest: TimeAtJobs;
  most: TimeAtJobs;
}

/**
 * The first and last bin of each curve, per scale, policy and kind of round (`all` for curves
 * without one): how a round's time moves from its fewest to its most jobs.
 */
export function curveEnds(
  binned: readonly BinnedTime[],
): Record<string, Record<string, Partial<Record<RoundKind | 'all', CurveEnds>>>> {
  const out: Record<string, Record<string, Partial<Record<RoundKind | 'all', CurveEnds>>>> = {};
  for (const point of binned) {
    out[point.scale] ??= {};
    const perScale = out[point.scale]!;
    perScale[point.variant] ??= {};
    const perVariant = perScale[point.variant]!;
    const kind = point.rounds ?? 'all';
    const ends = perVariant[kind];
    const at = { jobs: point.jobs, ms: point.ms };
    if (!ends) perVariant[kind] = { fewest: at, most: at };
    else if (point.jobs < ends.fewest.jobs) ends.fewest = at;
    else if (point.jobs > ends.most.jobs) ends.most = at;
  }
  return out;
}
