import { quantileSorted, round } from 'kit';
import { PHASES, SUB_PHASES } from 'scheduler';
import { DEVLOG, type DevlogFigures, devlogFigures } from './devlog.ts';
import { type GavelFigures, type GavelRun, gavelFigures } from './gavel.ts';
import type { RunRecord } from './load.ts';
import type { LpScalingPoint } from './lp-scaling.ts';
import { type BinnedTime, curveEnds, lpSolveByJobs, roundTimeByJobs } from './per-round.ts';
import { PREVIOUS, type PreviousFigures } from './previous.ts';
import { groupBy, mean, roundSignificant, sum } from './stats.ts';

/** Sub-phases the story needs on their own, as the profiler names them. */
const SUB_PHASE_NAMES = Object.keys(SUB_PHASES) as (keyof typeof SUB_PHASES)[];

/** The grid's policy configurations in the order the charts list them. */
export const VARIANT_ORDER = ['mmf', 'mmf-penalty', 'single-type', 'fifo'] as const;

export interface VariantFigures {
  runs: number;
  /** Mean wall-clock seconds of one run's loop. */
  wallSeconds: number | null;
  rounds: number | null;
  /** Wall ms per round over all its runs: total loop time / total rounds. */
  msPerRound: number | null;
  /** Mean over runs of the mean number of active (running + queued) jobs per round. */
  meanActiveJobs: number | null;
  maxActiveJobs: number;
  /**
   * Percent of the loop's wall time per phase, pooled over the runs (total phase seconds / total
   * wall seconds), plus `other`: the loop time no phase timer covers.
   */
  shares: Record<string, number | null>;
  /** Mean reallocations (resets) per run, and their share of the rounds in percent. */
  reallocations: number | null;
  reallocationSharePct: number | null;
  /** Wall ms of the allocation phase per reallocation (the phase does nothing in other rounds). */
  allocationMsPerCall: number | null;
  /** Wall ms of one HiGHS solve; null for policies without an LP. */
  lpMsPerSolve: number | null;
  lpSolves: number;
  utilizationPct: number | null;
  /** Busy share per GPU type in percent, mean over runs. */
  utilizationByTypePct: Record<string, number | null>;
  /** The type with the highest mean utilization. */
  busiestType: string | null;
  /** The highest utilization of any round of any run, in percent. */
  peakRoundUtilizationPct: number | null;
  /** Mean JCT in hours of the jobs that finished. */
  avgJctHours: number | null;
  /** Mean over runs of the mean finish-time fairness (JCT over isolated run time). */
  finishTimeFairness: number | null;
  /** Longest wait to start in any run, hours (jobs that never started count until the run's end). */
  longestWaitHours: number | null;
  /** Jobs that never started, mean per run. */
  neverStarted: number | null;
  /** FGD fragmentation rate, mean over rounds and runs, in percent of idle GPUs. */
  fragmentationPct: number | null;
}

export interface ScaleFigures {
  gpus: number;
  /** `gpus` as the post prints it (thousands separators). */
  gpusFormatted: string;
  /** GPUs per type of the preset, and the same as printed; null for a cluster that is not a preset. */
  capacities: Record<string, number> | null;
  capacitiesFormatted: Record<string, string> | null;
  /** The preset's GPU types in its order, as the post prints them (upper case); [] without a preset. */
  gpuTypes: string[];
  runs: number;
  /** Options every run at this scale shared (from the first run's configuration). */
  config: Record<string, unknown>;
  /** The minimum time between resets as the post prints it; null when the runs do not say. */
  resetInterval: { seconds: number; formatted: string; minutes: number } | null;
  /** Simulated hours of the longest run. */
  simulatedHours: number | null;
  variants: Record<string, VariantFigures>;
  /** Mean FGD fragmentation rate (percent of idle GPUs) per placement, over every policy. */
  fragmentationByPlacement: Record<string, number | null>;
  /** How much faster single-type is than the LP policy: per round, and per reallocation. */
  singleTypeSpeedup: { perRound: number | null; perAllocation: number | null };
  /**
   * Policies whose every run gave the same schedule (jobs.csv) as the LP's run with the same seed
   * and placement, in the grid's order.
   */
  sameScheduleAsLp: string[];
  /** True when, for every policy and seed, every placement gave the same schedule. */
  placementKeepsSchedule: boolean;
  /** Wall-time spread between repeats of the same run: (slowest - fastest) / median, percent. */
  timing: { repeats: number; spreadPct: { median: number | null; max: number | null } };
}

export interface RunPoint {
  name: string;
  scale: string;
  variant: string;
  placement: string;
  seed: number;
  meanActiveJobs: number | null;
  msPerRound: number | null;
  lpMsPerSolve: number | null;
  fragmentationPct: number | null;
}

export interface Summary {
  grid: {
    name: string;
    runs: number;
    notDone: number;
    seeds: number;
    scales: string[];
    variants: string[];
    placements: string[];
  };
  scales: Record<string, ScaleFigures>;
  /** A cold HiGHS solve of one LP per job count, Alibaba capacities (see lp-scaling.ts). */
  lpScaling: {
    points: LpScalingPoint[];
    largest: LpScalingPoint | null;
    /** The largest job count as the post prints it. */
    largestJobsFormatted: string | null;
  } | null;
  /** The same runs at the default log level and with -v (debug); null when not run. */
  logging: {
    runs: number;
    infoMsPerRound: number | null;
    verboseMsPerRound: number | null;
    /** How much slower -v made a round: 1.35 would be the dev log's figure. */
    verboseOverInfo: number | null;
    /** The same ratio run by run (paired by name): how far the machine's noise moves it. */
    ratioMin: number | null;
    ratioMax: number | null;
  } | null;
  /** Our figures over the dev log's (see devlog.ts): how many times faster or larger. */
  comparison: {
    /** The log's 3.0 s ECOS solve over our cold HiGHS solve at the largest job count timed. */
    ecosOverColdSolve: number | null;
    /** The log's 3.0 s over our mean re-solve inside the Alibaba LP runs. */
    ecosOverRunSolve: number | null;
  };
  /** One run per scale to open in the visualizer (scheduler-viz dev server on its default port). */
  viewer: Record<string, { run: string; round: number; url: string }>;
  points: RunPoint[];
  utilization: { scale: string; variant: string; hour: number; utilizationPct: number }[];
  jctCdf: { scale: string; variant: string; hours: number; fraction: number }[];
  /** Median wall ms per round against the round's active jobs, from every round's profile.csv row. */
  roundTime: BinnedTime[];
  /** Median HiGHS solve ms against the jobs in the LP, from every solve inside the runs. */
  lpSolves: BinnedTime[];
  /** The ends of each roundTime curve, per scale and policy, for the prose. */
  roundTimeEnds: ReturnType<typeof curveEnds>;
  /** The dev log's own figures (devlog.ts), for the post to quote through placeholders. */
  devlog: DevlogFigures;
  /** Gavel's integration test: its goldens and our runs of it (gavel.ts); null when not run. */
  gavel: GavelFigures | null;
  /** Figures of this post's first version, on the simulator before Gavel's mechanism (previous.ts). */
  previous: PreviousFigures;
}

export interface SummarizeInput {
  gridName: string;
  runs: readonly RunRecord[];
  notDone: number;
  lpScaling?: readonly LpScalingPoint[];
  logging?: { info: readonly RunRecord[]; verbose: readonly RunRecord[] };
  /** The results folder relative to the repository root, as the viewer names run files. */
  resultsKey?: string;
  /** Gavel's integration test as run (gavel.ts: readGavelRuns). */
  gavel?: readonly GavelRun[];
}

export function summarize(input: SummarizeInput): Summary {
  const { runs } = input;
  const scales = orderedLabels(
    runs.map((r) => r.scale),
    ['philly', 'alibaba'],
  );
  const variants = orderedLabels(
    runs.map((r) => r.variant),
    VARIANT_ORDER,
  );
  const placements = orderedLabels(
    runs.map((r) => r.placement),
    ['first-fit', 'fgd'],
  );
  const summary: Summary = {
    grid: {
      name: input.gridName,
      runs: runs.length,
      notDone: input.notDone,
      seeds: new Set(runs.map((r) => r.seed)).size,
      scales,
      variants,
      placements,
    },
    scales: {},
    lpScaling: input.lpScaling?.length
      ? {
          points: [...input.lpScaling],
          largest: input.lpScaling.at(-1) ?? null,
          largestJobsFormatted: thousands(input.lpScaling.at(-1)!.jobs),
        }
      : null,
    logging: input.logging ? loggingFigures(input.logging.info, input.logging.verbose) : null,
    comparison: { ecosOverColdSolve: null, ecosOverRunSolve: null },
    viewer: {},
    points: runs.map(runPoint),
    utilization: [],
    jctCdf: [],
    roundTime: roundTimeByJobs(runs),
    lpSolves: lpSolveByJobs(runs),
    roundTimeEnds: {},
    devlog: devlogFigures(),
    gavel: input.gavel?.length ? gavelFigures(input.gavel) : null,
    previous: PREVIOUS,
  };
  for (const [scale, scaleRuns] of groupBy(runs, (r) => r.scale)) {
    summary.scales[scale] = scaleFigures(scaleRuns);
    summary.utilization.push(...utilizationSeries(scale, scaleRuns));
    summary.jctCdf.push(...jctCdf(scale, scaleRuns));
    const shown = viewerRun(scaleRuns);
    if (shown && input.resultsKey !== undefined) summary.viewer[scale] = viewerLink(input.resultsKey, shown);
  }
  const ecosMs = DEVLOG.ecosSolveSeconds * 1000;
  const cold = summary.lpScaling?.largest?.solveMs ?? null;
  const inRuns = summary.scales.alibaba?.variants.mmf?.lpMsPerSolve ?? null;
  summary.comparison = {
    ecosOverColdSolve: cold ? roundSignificant(ecosMs / cold, 2) : null,
    ecosOverRunSolve: inRuns ? roundSignificant(ecosMs / inRuns, 2) : null,
  };
  summary.roundTimeEnds = curveEnds(summary.roundTime);
  return summary;
}

function scaleFigures(runs: readonly RunRecord[]): ScaleFigures {
  const variants: Record<string, VariantFigures> = {};
  for (const [variant, group] of groupBy(runs, (r) => r.variant)) variants[variant] = variantFigures(group);
  const fragmentationByPlacement: Record<string, number | null> = {};
  for (const [placement, group] of groupBy(runs, (r) => r.placement))
    fragmentationByPlacement[placement] = round(mean(group.map(fragmentationPct)), 2);
  const byVariant = groupBy(runs, (r) => r.variant);
  const lp = byVariant.get('mmf');
  const single = byVariant.get('single-type');
  const first = runs[0]!;
  const capacities = first.capacities;
  return {
    gpus: first.gpus,
    gpusFormatted: thousands(first.gpus),
    capacities,
    capacitiesFormatted: capacities
      ? Object.fromEntries(Object.entries(capacities).map(([type, n]) => [type, thousands(n)]))
      : null,
    gpuTypes: Object.keys(capacities ?? {}).map((type) => type.toUpperCase()),
    runs: runs.length,
    config: pick(first.config, [
      'jobsPerHour',
      'numJobs',
      'window',
      'maxSimTime',
      'roundDuration',
      'minReallocationInterval',
    ]),
    resetInterval: resetInterval(first.config.minReallocationInterval),
    simulatedHours: round(Math.max(...runs.map((r) => r.rounds.time.at(-1) ?? 0)) / 3600, 1),
    variants,
    fragmentationByPlacement,
    singleTypeSpeedup: {
      perRound: lp && single ? ratio(msPerRound(lp), msPerRound(single)) : null,
      perAllocation: lp && single ? ratio(msPerReallocation(lp), msPerReallocation(single)) : null,
    },
    sameScheduleAsLp: lp ? sameScheduleAs(lp, runs) : [],
    placementKeepsSchedule: [...groupBy(runs, (r) => `${r.variant}\u0000${r.seed}`).values()].every(
      (group) => new Set(group.map((r) => r.scheduleDigest)).size === 1,
    ),
    timing: timingSpread(runs),
  };
}

/** Policies (other than the LP's) whose every run has the LP run's schedule for its seed and placement. */
function sameScheduleAs(lp: readonly RunRecord[], runs: readonly RunRecord[]): string[] {
  const key = (r: RunRecord) => `${r.seed}\u0000${r.placement}`;
  const lpDigest = new Map(lp.map((r) => [key(r), r.scheduleDigest]));
  const out: string[] = [];
  for (const [variant, group] of groupBy(runs, (r) => r.variant)) {
    if (variant === 'mmf') continue;
    if (group.every((r) => lpDigest.get(key(r)) === r.scheduleDigest)) out.push(variant);
  }
  return out;
}

function timingSpread(runs: readonly RunRecord[]): ScaleFigures['timing'] {
  const spreads = runs
    .filter((r) => r.wallRepeats.length > 1)
    .map((r) => {
      const sorted = [...r.wallRepeats].sort((a, b) => a - b);
      const median = quantileSorted(sorted, 0.5);
      return median > 0 ? (100 * (sorted.at(-1)! - sorted[0]!)) / median : 0;
    })
    .sort((a, b) => a - b);
  return {
    repeats: Math.max(0, ...runs.map((r) => r.wallRepeats.length)),
    spreadPct: {
      median: spreads.length ? round(quantileSorted(spreads, 0.5), 0) : null,
      max: spreads.length ? round(spreads.at(-1)!, 0) : null,
    },
  };
}

/** Wall ms of the allocation phase per reallocation over runs; null without any. */
function msPerReallocation(runs: readonly RunRecord[]): number | null {
  const count = sum(runs.map((r) => r.metrics.reallocations));
  const seconds = totals(runs, 'allocation').seconds;
  return count > 0 && seconds > 0 ? (1000 * seconds) / count : null;
}

function resetInterval(value: unknown): ScaleFigures['resetInterval'] {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return { seconds: value, formatted: thousands(value), minutes: round(value / 60, 1)! };
}

function thousands(value: number): string {
  return value.toLocaleString('en-US');
}

/** Wall ms per round over runs: total loop time / total rounds. */
function msPerRound(runs: readonly RunRecord[]): number | null {
  const rounds = sum(runs.map((r) => r.profile.rounds));
  return rounds > 0 ? (1000 * sum(runs.map((r) => r.profile.wallSeconds))) / rounds : null;
}

/** Wall ms per timed call of a phase over runs; null when the phase never took any time. */
function msPerCall(runs: readonly RunRecord[], phase: string): number | null {
  const { seconds, count } = totals(runs, phase);
  return count > 0 && seconds > 0 ? (1000 * seconds) / count : null;
}

function variantFigures(runs: readonly RunRecord[]): VariantFigures {
  const wall = sum(runs.map((r) => r.profile.wallSeconds));
  const rounds = sum(runs.map((r) => r.profile.rounds));
  const shares: Record<string, number | null> = {};
  let covered = 0;
  for (const phase of [...PHASES, ...SUB_PHASE_NAMES]) {
    const seconds = sum(runs.map((r) => phaseOf(r, phase)?.seconds ?? 0));
    if ((PHASES as readonly string[]).includes(phase)) covered += seconds;
    shares[phase] = wall > 0 ? round((100 * seconds) / wall, 1) : null;
  }
  shares.other = wall > 0 ? round((100 * Math.max(0, wall - covered)) / wall, 1) : null;
  const lp = totals(runs, 'lp_solve');
  const reallocations = sum(runs.map((r) => r.metrics.reallocations));
  const byType = utilizationByType(runs);
  const busiest = Object.entries(byType).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0];
  const ftf = runs.flatMap((r) =>
    r.metrics.finishTimeFairness?.mean ? [r.metrics.finishTimeFairness.mean] : [],
  );
  return {
    runs: runs.length,
    wallSeconds: roundSignificant(wall / runs.length, 3),
    rounds: round(rounds / runs.length, 0),
    msPerRound: roundSignificant(msPerRound(runs)),
    meanActiveJobs: round(mean(runs.map(meanActive).filter((v): v is number => v !== null)), 0),
    maxActiveJobs: Math.max(0, ...runs.map((r) => Math.max(0, ...r.rounds.active))),
    shares,
    reallocations: round(reallocations / runs.length, 0),
    reallocationSharePct: rounds > 0 ? round((100 * reallocations) / rounds, 1) : null,
    allocationMsPerCall: roundSignificant(msPerReallocation(runs)),
    lpMsPerSolve: roundSignificant(msPerCall(runs, 'lp_solve')),
    lpSolves: lp.seconds > 0 ? lp.count : 0,
    utilizationPct: round(mean(runs.map((r) => 100 * r.metrics.utilization)), 1),
    utilizationByTypePct: byType,
    busiestType: busiest && (busiest[1] ?? 0) > 0 ? busiest[0] : null,
    peakRoundUtilizationPct: round(
      100 * Math.max(0, ...runs.map((r) => Math.max(0, ...r.rounds.utilization))),
      1,
    ),
    avgJctHours: round(mean(runs.flatMap((r) => (r.jct.length ? [mean(r.jct)! / 3600] : []))), 1),
    finishTimeFairness: round(mean(ftf), 2),
    longestWaitHours: round(Math.max(0, ...runs.map((r) => r.waits.longest)) / 3600, 2),
    neverStarted: round(mean(runs.map((r) => r.waits.neverStarted)), 0),
    fragmentationPct: round(mean(runs.map(fragmentationPct)), 2),
  };
}

function utilizationByType(runs: readonly RunRecord[]): Record<string, number | null> {
  const types = [...new Set(runs.flatMap((r) => Object.keys(r.metrics.utilizationByType ?? {})))];
  return Object.fromEntries(
    types.map((type) => [
      type,
      round(mean(runs.map((r) => 100 * (r.metrics.utilizationByType?.[type] ?? 0))), 1),
    ]),
  );
}

function loggingFigures(info: readonly RunRecord[], verbose: readonly RunRecord[]): Summary['logging'] {
  const infoMs = msPerRound(info);
  const verboseMs = msPerRound(verbose);
  const ratios = info.flatMap((run) => {
    const twin = verbose.find((v) => v.name === run.name);
    const a = msPerRound([run]);
    const b = twin ? msPerRound([twin]) : null;
    return a && b ? [b / a] : [];
  });
  return {
    runs: Math.min(info.length, verbose.length),
    infoMsPerRound: roundSignificant(infoMs),
    verboseMsPerRound: roundSignificant(verboseMs),
    verboseOverInfo:
      infoMs !== null && verboseMs !== null && infoMs > 0 ? round(verboseMs / infoMs, 2) : null,
    ratioMin: ratios.length ? round(Math.min(...ratios), 2) : null,
    ratioMax: ratios.length ? round(Math.max(...ratios), 2) : null,
  };
}

export const VIEWER_URL = 'http://localhost:5173/';

/** The LP run with FGD placement and the lowest seed: the one whose run file the repo keeps. */
function viewerRun(runs: readonly RunRecord[]): RunRecord | undefined {
  const preferred = runs.filter((r) => r.variant === 'mmf' && r.placement === 'fgd');
  return [...(preferred.length ? preferred : runs)].sort((a, b) => a.seed - b.seed)[0];
}

/** Opens at the round with the most active jobs, where the cluster has the most to show. */
function viewerLink(resultsKey: string, run: RunRecord): { run: string; round: number; url: string } {
  const key = `${resultsKey}/${run.name}/run.gpuviz`;
  const round = run.rounds.active.indexOf(Math.max(...run.rounds.active));
  const file = `/@gpuviz/file/${encodeURIComponent(key)}`;
  return { run: key, round, url: `${VIEWER_URL}?run=${encodeURIComponent(file)}&round=${round}` };
}

function runPoint(run: RunRecord): RunPoint {
  return {
    name: run.name,
    scale: run.scale,
    variant: run.variant,
    placement: run.placement,
    seed: run.seed,
    meanActiveJobs: round(meanActive(run), 1),
    msPerRound: roundSignificant(msPerRound([run])),
    lpMsPerSolve: roundSignificant(msPerCall([run], 'lp_solve')),
    fragmentationPct: round(fragmentationPct(run), 2),
  };
}

/** Utilization averaged over every round of a variant's runs that falls in each time bin. */
function utilizationSeries(scale: string, runs: readonly RunRecord[]): Summary['utilization'] {
  const end = Math.max(...runs.map((r) => r.rounds.time.at(-1) ?? 0));
  const roundSeconds = Number(runs[0]?.config.roundDuration ?? 360);
  const width = Math.max(roundSeconds, end / 60);
  const bins = Math.floor(end / width) + 1;
  const out: Summary['utilization'] = [];
  for (const [variant, group] of groupBy(runs, (r) => r.variant)) {
    const total = new Float64Array(bins);
    const count = new Float64Array(bins);
    for (const run of group) {
      run.rounds.time.forEach((t, i) => {
        const b = Math.min(bins - 1, Math.floor(t / width));
        total[b]! += run.rounds.utilization[i]!;
        count[b]!++;
      });
    }
    for (let b = 0; b < bins; b++) {
      if (count[b] === 0) continue;
      out.push({
        scale,
        variant,
        hour: round(((b + 0.5) * width) / 3600, 2)!,
        utilizationPct: round((100 * total[b]!) / count[b]!, 2)!,
      });
    }
  }
  return out;
}

export const CDF_STEPS = 40;

/** JCT quantiles of the finished jobs of each variant's runs, pooled, as a CDF. */
function jctCdf(scale: string, runs: readonly RunRecord[]): Summary['jctCdf'] {
  const out: Summary['jctCdf'] = [];
  for (const [variant, group] of groupBy(runs, (r) => r.variant)) {
    const sorted = group.flatMap((r) => r.jct).sort((a, b) => a - b);
    if (sorted.length === 0) continue;
    for (let step = 0; step <= CDF_STEPS; step++) {
      const fraction = step / CDF_STEPS;
      out.push({
        scale,
        variant,
        hours: roundSignificant(quantileSorted(sorted, fraction) / 3600, 4)!,
        fraction,
      });
    }
  }
  return out;
}

function phaseOf(run: RunRecord, name: string) {
  return run.profile.phases.find((p) => p.name === name);
}

function totals(runs: readonly RunRecord[], phase: string): { seconds: number; count: number } {
  let seconds = 0;
  let count = 0;
  for (const run of runs) {
    const p = phaseOf(run, phase);
    if (!p) continue;
    seconds += p.seconds;
    count += p.count;
  }
  return { seconds, count };
}

function meanActive(run: RunRecord): number | null {
  return mean(run.rounds.active);
}

function fragmentationPct(run: RunRecord): number {
  return 100 * run.metrics.avgFragmentationRate;
}

function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return round(a / b, 1);
}

function pick(config: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (config[key] !== undefined) out[key] = config[key];
  return out;
}

/** Known labels first in their usual order, then any others in the order they appear. */
function orderedLabels(labels: readonly string[], known: readonly string[]): string[] {
  const present = new Set(labels);
  return [...known.filter((l) => present.has(l)), ...[...present].filter((l) => !known.includes(l))];
}
