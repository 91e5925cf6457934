import type { FigureName } from './curves.ts';
import { extrapolatedAt, FIGURES } from './curves.ts';
import type { FigureData, OurPoint } from './load.ts';
import {
  FLAT_TOLERANCE,
  flatRegion,
  KNEE_FACTOR,
  type Knee,
  knee,
  type Level,
  lowLoad,
  ratioBeforeKnee,
} from './shape.ts';

/** One curve's shape, rounded as the post prints it (hours, jobs/hour). */
export interface CurveShape {
  lowLoad: number | null;
  flatTo: number | null;
  flatLevel: number | null;
  /** The knee's rate; a string when there is none ("above 6.5") or it is a bound ("at most 2.9"). */
  knee: number | string;
  kneeRate: number | null;
}

export interface RatioSummary {
  mean: number | null;
  /** The mean with two decimals ("0.70"), "–" when there is none. */
  meanText: string;
  min: number | null;
  max: number | null;
  /** "0.5 to 4.5" */
  rates: string;
}

/** Where a curve's runs were cut: how many of a rate's runs, e.g. "3 of 5 at 5.5 and 5 of 5 at 6". */
export interface CutRuns {
  cutOff: string;
  deadline: string;
  /** The lowest rate with a run cut either way, or "none". */
  from: number | string;
}

/** A share of a figure's or the grid's run time: runs, their wall minutes, % of the total. */
export interface TimeShare {
  runs: number;
  minutes: number;
  pct: number;
}

/** Ours against the paper at one rate: hours, % of the paper's value, and in our seeds' sd. */
export interface Gap {
  x: number;
  ours: number;
  sd: number;
  paper: number;
  hours: number;
  pct: number;
  sds: number;
  /** "52.0 ± 5.7" */
  text: string;
}

export interface FigureSummary {
  title: string;
  policies: { aware: string; agnostic: string };
  seeds: number;
  /** "0 to 4" */
  seedList: string;
  /** "0.5 to 6.5", and how many rates. */
  rates: string;
  rateCount: number;
  runs: number;
  cutOffRuns: number;
  limitHours: number;
  /** Runs ended unfinished at the deadline, and the deadline in hours after the window's last arrival. */
  deadlineRuns: number;
  deadlineHours: number | null;
  /** "5,000", as the post prints it ("none" without a deadline). */
  deadlineFormatted: string;
  /**
   * The window jobs still unfinished in the runs ended at the deadline, fewest and most ("–" when
   * none), and what each adds to the window's average at least (it waited the deadline at least).
   */
  deadlineUnfinished: {
    min: number | string;
    max: number | string;
    windowJobs: number;
    hoursEach: number | null;
  };
  /** Per curve, the rates with cut-off runs and with runs ended at the deadline. */
  cut: { aware: CutRuns; agnostic: CutRuns };
  /**
   * Per curve, at the rates where some runs were cut and some finished: the mean of the finished
   * ones alone, which is how Gavel's notebook averages (a run without a result drops out), beside
   * the paper's value; "none" when there is no such rate.
   */
  finishedOnly: { aware: string; agnostic: string };
  /** Per curve, the rate where our exact mean is farthest from the paper's simulated (unstarred) value. */
  largestGap: { aware: Gap | null; agnostic: Gap | null };
  /** The post's table, one markdown row per rate. */
  rows: string[];
  /** Gavel's highest simulated rate and its step; paper values past it are marked in the rows. */
  gavelLastRate: number;
  gavelRateStep: number;
  /** Where Gavel's notebook put its made-up 105 h point. */
  extrapolatedAt: number;
  ours: { aware: CurveShape; agnostic: CurveShape; ratio: RatioSummary };
  paper: { aware: CurveShape; agnostic: CurveShape; ratio: RatioSummary };
  /** Ours over the paper's, for the prose. */
  compare: {
    kneeAware: number | null;
    kneeAgnostic: number | null;
    flatAware: number | null;
    flatAgnostic: number | null;
    lowAware: number | null;
    lowAgnostic: number | null;
    ratio: number | null;
  };
  /**
   * Wall seconds of the figure's runs (shared machine), split at the later of our two knees, and by
   * how the runs ended (window, jct-cutoff, window-deadline).
   */
  wall: {
    totalMinutes: number;
    pastKneeShare: number;
    slowestRun: { name: string; seconds: number };
    byEnd: Record<string, TimeShare>;
  };
  /** Per rate, the numbers behind the rows (for the charts and the tests). */
  points: {
    x: number;
    aware: OurPoint | undefined;
    agnostic: OurPoint | undefined;
    paperAware: number | null;
    paperAgnostic: number | null;
  }[];
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
const hours = (value: number | null) => (value === null ? null : round(value, 1));

function shape(levels: readonly Level[], lastRate: number): CurveShape {
  const flat = flatRegion(levels);
  const k: Knee | null = knee(levels);
  return {
    lowLoad: hours(lowLoad(levels)),
    flatTo: flat ? flat.to : null,
    flatLevel: flat ? hours(flat.level) : null,
    knee: k === null ? `above ${lastRate}` : k.atMost ? `at most ${k.x.toFixed(1)}` : round(k.x, 1),
    kneeRate: k === null ? null : round(k.x, 2),
  };
}

function ratioSummary(aware: readonly Level[], agnostic: readonly Level[]): RatioSummary {
  const ratio = ratioBeforeKnee(aware, agnostic);
  if (!ratio) return { mean: null, meanText: '–', min: null, max: null, rates: 'none' };
  return {
    mean: round(ratio.mean, 2),
    meanText: ratio.mean.toFixed(2),
    min: round(ratio.min, 2),
    max: round(ratio.max, 2),
    rates: `${ratio.rates[0]} to ${ratio.rates.at(-1)}`,
  };
}

/** A cell of ours: mean ± sd, or what the cut-off runs tell. */
export function ourCell(point: OurPoint | undefined, limit: number): string {
  if (!point) return '–';
  const missing = Object.entries(point.missing);
  if (missing.length) return `– (${missing.map(([reason, n]) => `${n} ${reason}`).join(', ')})`;
  if (point.cutOff === point.total) return `> ${limit}`;
  const cut = [
    point.cutOff ? `${point.cutOff} of ${point.total} over ${limit} h` : '',
    point.pastDeadline ? `${point.pastDeadline} of ${point.total} unfinished at the deadline` : '',
  ].filter(Boolean);
  if (cut.length) return `≥ ${point.level.y!.toFixed(1)} (${cut.join('; ')})`;
  return point.sd === null ? point.mean!.toFixed(1) : `${point.mean!.toFixed(1)} ± ${point.sd.toFixed(1)}`;
}

/** A paper value; starred past Gavel's last simulated rate, where the curve runs to a made-up point. */
const paperCell = (value: number | null, extrapolated: boolean) =>
  value === null ? '–' : `${value}${extrapolated ? '*' : ''}`;

/** "3 of 5 at 5.5, 5 of 5 at 6 and 5 of 5 at 6.5" for the points where `count` runs were cut; "none" when none. */
export function cutRates(points: readonly OurPoint[], count: (p: OurPoint) => number): string {
  const cut = points.filter((p) => count(p) > 0).map((p) => `${count(p)} of ${p.total} at ${p.x}`);
  if (cut.length < 2) return cut[0] ?? 'none';
  return `${cut.slice(0, -1).join(', ')} and ${cut.at(-1)}`;
}

function cutRuns(points: readonly OurPoint[]): CutRuns {
  const first = points.find((p) => p.cutOff + p.pastDeadline > 0);
  return {
    cutOff: cutRates(points, (p) => p.cutOff),
    deadline: cutRates(points, (p) => p.pastDeadline),
    from: first ? first.x : 'none',
  };
}

/** "0 to 4" for consecutive values, else the list. */
export function spanText(values: readonly number[]): string {
  if (values.length < 2) return values.join('');
  const step = values.every((v, i) => i === 0 || v - values[i - 1]! === 1);
  return step ? `${values[0]} to ${values.at(-1)}` : values.join(', ');
}

/** Wall time split by end reason: runs, minutes and share of `total` seconds. */
export function timeByEnd(
  wall: readonly { seconds: number; endReason: string }[],
  total: number,
): Record<string, TimeShare> {
  const by: Record<string, { runs: number; seconds: number }> = {};
  for (const w of wall) {
    by[w.endReason] ??= { runs: 0, seconds: 0 };
    const entry = by[w.endReason]!;
    entry.runs++;
    entry.seconds += w.seconds;
  }
  return Object.fromEntries(
    Object.entries(by).map(([reason, e]) => [
      reason,
      {
        runs: e.runs,
        minutes: round(e.seconds / 60, 1),
        pct: total > 0 ? round((100 * e.seconds) / total, 0) : 0,
      },
    ]),
  );
}

/**
 * "42.4 h at 2.4 (4 of 5 seeds; paper 41)" for each rate where some runs were cut and some finished;
 * the paper's value starred past Gavel's last simulated rate.
 */
export function finishedOnlyText(
  points: readonly OurPoint[],
  paper: readonly Level[],
  gavelLastRate = Number.POSITIVE_INFINITY,
): string {
  const parts = points
    .filter((p) => p.cutOff + p.pastDeadline > 0 && p.n > 0 && p.mean !== null)
    .map((p) => {
      const reference = paper.find((l) => l.x === p.x)?.y;
      const beside =
        reference === null || reference === undefined
          ? 'no paper value'
          : `paper ${paperCell(reference, p.x > gavelLastRate)}`;
      return `${p.mean!.toFixed(1)} h at ${p.x} (${p.n} of ${p.total} seeds; ${beside})`;
    });
  return parts.length ? parts.join(', ') : 'none';
}

/** The largest |ours - paper| over the rates where ours is exact and the paper simulated the rate. */
export function largestGap(
  points: readonly OurPoint[],
  paper: readonly Level[],
  gavelLastRate: number,
): Gap | null {
  let best: Gap | null = null;
  for (const p of points) {
    const reference = paper.find((l) => l.x === p.x)?.y;
    if (p.level.atLeast || p.mean === null || p.sd === null || reference === null || reference === undefined)
      continue;
    if (p.x > gavelLastRate) continue;
    const hours = p.mean - reference;
    if (best !== null && Math.abs(hours) <= Math.abs(best.hours)) continue;
    best = {
      x: p.x,
      ours: round(p.mean, 1),
      sd: round(p.sd, 1),
      paper: reference,
      hours: round(hours, 1),
      pct: Math.round((100 * hours) / reference),
      sds: p.sd > 0 ? round(Math.abs(hours) / p.sd, 1) : 0,
      text: `${p.mean.toFixed(1)} ± ${p.sd.toFixed(1)}`,
    };
  }
  return best;
}

function ratioCell(a: number | null | undefined, b: number | null | undefined): string {
  return a === null || a === undefined || b === null || b === undefined || b === 0 ? '–' : (a / b).toFixed(2);
}

export function summarizeFigure(figure: FigureName, data: FigureData): FigureSummary {
  const spec = FIGURES[figure];
  const aware = data.ours[spec.aware] ?? [];
  const agnostic = data.ours[spec.agnostic] ?? [];
  const paperAware = data.paper[spec.aware] ?? [];
  const paperAgnostic = data.paper[spec.agnostic] ?? [];
  const rates = [...new Set([...aware, ...agnostic].map((p) => p.x))].sort((a, b) => a - b);
  const lastRate = rates.at(-1) ?? 0;
  const paperAt = (levels: readonly Level[], x: number) => levels.find((l) => l.x === x)?.y ?? null;
  const points = rates.map((x) => ({
    x,
    aware: aware.find((p) => p.x === x),
    agnostic: agnostic.find((p) => p.x === x),
    paperAware: paperAt(paperAware, x),
    paperAgnostic: paperAt(paperAgnostic, x),
  }));
  const exact = (p: OurPoint | undefined) => (p && !p.level.atLeast ? p.level.y : null);
  const rows = points.map(
    (p) =>
      `| ${p.x} | ${ourCell(p.aware, data.limit)} | ${paperCell(p.paperAware, p.x > spec.gavelRates.last)} | ${ourCell(p.agnostic, data.limit)} | ${paperCell(p.paperAgnostic, p.x > spec.gavelRates.last)} | ${ratioCell(exact(p.aware), exact(p.agnostic))} | ${ratioCell(p.paperAware, p.paperAgnostic)} |`,
  );
  const ours = {
    aware: shape(
      aware.map((p) => p.level),
      lastRate,
    ),
    agnostic: shape(
      agnostic.map((p) => p.level),
      lastRate,
    ),
    ratio: ratioSummary(
      aware.map((p) => p.level),
      agnostic.map((p) => p.level),
    ),
  };
  const paper = {
    aware: shape(paperAware, lastRate),
    agnostic: shape(paperAgnostic, lastRate),
    ratio: ratioSummary(paperAware, paperAgnostic),
  };
  const over = (a: number | null, b: number | null) =>
    a === null || b === null || b === 0 ? null : round(a / b, 2);
  const split = Math.max(ours.aware.kneeRate ?? lastRate, ours.agnostic.kneeRate ?? lastRate);
  const total = data.wall.reduce((s, w) => s + w.seconds, 0);
  const past = data.wall.filter((w) => w.x >= split).reduce((s, w) => s + w.seconds, 0);
  const slowest = data.wall.reduce((a, b) => (b.seconds > a.seconds ? b : a), data.wall[0]!);
  const [first, last] = data.setup.window.split(':').map(Number) as [number, number];
  const unfinished = data.wall
    .filter((w) => w.endReason === 'window-deadline')
    .map((w) => last - first - w.windowJobsCompleted);
  return {
    title: spec.title,
    policies: { aware: spec.aware, agnostic: spec.agnostic },
    seeds: data.seeds,
    seedList: spanText(data.setup.seeds),
    rates: `${rates[0]} to ${lastRate}`,
    rateCount: rates.length,
    runs: data.runs,
    cutOffRuns: [...aware, ...agnostic].reduce((s, p) => s + p.cutOff, 0),
    limitHours: data.limit,
    deadlineRuns: [...aware, ...agnostic].reduce((s, p) => s + p.pastDeadline, 0),
    deadlineHours: data.deadline ?? null,
    deadlineFormatted: data.deadline === undefined ? 'none' : data.deadline.toLocaleString('en-US'),
    deadlineUnfinished: {
      min: unfinished.length ? Math.min(...unfinished) : '–',
      max: unfinished.length ? Math.max(...unfinished) : '–',
      windowJobs: last - first,
      hoursEach: data.deadline === undefined ? null : round(data.deadline / (last - first), 1),
    },
    cut: { aware: cutRuns(aware), agnostic: cutRuns(agnostic) },
    finishedOnly: {
      aware: finishedOnlyText(aware, paperAware, spec.gavelRates.last),
      agnostic: finishedOnlyText(agnostic, paperAgnostic, spec.gavelRates.last),
    },
    largestGap: {
      aware: largestGap(aware, paperAware, spec.gavelRates.last),
      agnostic: largestGap(agnostic, paperAgnostic, spec.gavelRates.last),
    },
    rows,
    gavelLastRate: spec.gavelRates.last,
    gavelRateStep: spec.gavelRates.step,
    extrapolatedAt: round(extrapolatedAt(figure), 1),
    ours,
    paper,
    compare: {
      kneeAware: over(ours.aware.kneeRate, paper.aware.kneeRate),
      kneeAgnostic: over(ours.agnostic.kneeRate, paper.agnostic.kneeRate),
      flatAware: over(ours.aware.flatLevel, paper.aware.flatLevel),
      flatAgnostic: over(ours.agnostic.flatLevel, paper.agnostic.flatLevel),
      lowAware: over(ours.aware.lowLoad, paper.aware.lowLoad),
      lowAgnostic: over(ours.agnostic.lowLoad, paper.agnostic.lowLoad),
      ratio: over(ours.ratio.mean, paper.ratio.mean),
    },
    wall: {
      totalMinutes: round(total / 60, 1),
      pastKneeShare: total > 0 ? round((100 * past) / total, 0) : 0,
      slowestRun: {
        name: `${slowest.policy} at ${slowest.x} jobs/hour`,
        seconds: round(slowest.seconds, 0),
      },
      byEnd: timeByEnd(data.wall, total),
    },
    points,
  };
}

/** The definitions the post states, from the constants the code uses. */
export const DEFINITIONS = {
  flatTolerancePct: Math.round((FLAT_TOLERANCE - 1) * 100),
  kneeFactor: KNEE_FACTOR,
};

export interface GridCost {
  runs: number;
  /** Sum of the runs' own wall-clock minutes (two at a time on a shared machine). */
  runMinutes: number;
  /** Shares of that time in the allocation phase, in building the LP model, and in HiGHS itself, %. */
  allocationPct: number;
  buildPct: number;
  lpPct: number;
  /** That time by how the runs ended (window, jct-cutoff, window-deadline). */
  byEnd: Record<string, TimeShare>;
  /** The slowest runs, their share of the total, and what they have in common. */
  slowest: {
    figure: string;
    run: string;
    minutes: number;
    simulatedHours: number;
    /** "6,522" */
    simulatedHoursFormatted: string;
    endReason: string;
  }[];
  slowestCount: number;
  slowestPct: number;
  /** Share of the time in runs at or past their curve's knee (ours), %. */
  pastKneePct: number;
}

/** Where the grid's time went, from every run's profile. */
export function gridCost(
  figures: readonly { figure: FigureName; data: FigureData; summary: FigureSummary }[],
  slowestCount = 10,
): GridCost {
  const runs = figures.flatMap(({ figure, data, summary }) =>
    data.wall.map((w) => {
      const shape = w.policy === summary.policies.aware ? summary.ours.aware : summary.ours.agnostic;
      const kneeRate = shape.kneeRate ?? Number.POSITIVE_INFINITY;
      return { figure, ...w, pastKnee: w.x >= kneeRate };
    }),
  );
  const total = runs.reduce((s, r) => s + r.seconds, 0);
  const sum = (pick: (r: (typeof runs)[number]) => number) => runs.reduce((s, r) => s + pick(r), 0);
  const pct = (part: number) => (total > 0 ? round((100 * part) / total, 0) : 0);
  const slowest = [...runs].sort((a, b) => b.seconds - a.seconds).slice(0, slowestCount);
  return {
    runs: runs.length,
    runMinutes: round(total / 60, 1),
    allocationPct: pct(sum((r) => r.allocationSeconds)),
    buildPct: pct(sum((r) => r.buildSeconds)),
    lpPct: pct(sum((r) => r.lpSeconds)),
    byEnd: timeByEnd(runs, total),
    slowest: slowest.slice(0, 5).map((r) => ({
      figure: r.figure,
      run: r.name,
      minutes: round(r.seconds / 60, 1),
      simulatedHours: round(r.simulatedHours, 0),
      simulatedHoursFormatted: round(r.simulatedHours, 0).toLocaleString('en-US'),
      endReason: r.endReason,
    })),
    slowestCount,
    slowestPct: pct(slowest.reduce((s, r) => s + r.seconds, 0)),
    pastKneePct: pct(sum((r) => (r.pastKnee ? r.seconds : 0))),
  };
}
