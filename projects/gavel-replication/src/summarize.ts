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
  min: number | null;
  max: number | null;
  /** "0.5 to 4.5" */
  rates: string;
}

export interface FigureSummary {
  title: string;
  policies: { aware: string; agnostic: string };
  seeds: number;
  runs: number;
  cutOffRuns: number;
  limitHours: number;
  /** Runs ended unfinished at the deadline, and the deadline in hours after the window's last arrival. */
  deadlineRuns: number;
  deadlineHours: number | null;
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
  };
  /** Wall seconds of the figure's runs (shared machine), split at the later of our two knees. */
  wall: { totalMinutes: number; pastKneeShare: number; slowestRun: { name: string; seconds: number } };
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
  if (!ratio) return { mean: null, min: null, max: null, rates: 'none' };
  return {
    mean: round(ratio.mean, 2),
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
  return {
    title: spec.title,
    policies: { aware: spec.aware, agnostic: spec.agnostic },
    seeds: data.seeds,
    runs: data.runs,
    cutOffRuns: [...aware, ...agnostic].reduce((s, p) => s + p.cutOff, 0),
    limitHours: data.limit,
    deadlineRuns: [...aware, ...agnostic].reduce((s, p) => s + p.pastDeadline, 0),
    deadlineHours: data.deadline ?? null,
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
    },
    wall: {
      totalMinutes: round(total / 60, 1),
      pastKneeShare: total > 0 ? round((100 * past) / total, 0) : 0,
      slowestRun: {
        name: `${slowest.policy} at ${slowest.x} jobs/hour`,
        seconds: round(slowest.seconds, 0),
      },
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
  /** Shares of that time in the allocation phase and in HiGHS itself, %. */
  allocationPct: number;
  lpPct: number;
  /** The slowest runs, their share of the total, and what they have in common. */
  slowest: { figure: string; run: string; minutes: number; simulatedHours: number; endReason: string }[];
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
    lpPct: pct(sum((r) => r.lpSeconds)),
    slowest: slowest.slice(0, 5).map((r) => ({
      figure: r.figure,
      run: r.name,
      minutes: round(r.seconds / 60, 1),
      simulatedHours: round(r.simulatedHours, 0),
      endReason: r.endReason,
    })),
    slowestCount,
    slowestPct: pct(slowest.reduce((s, r) => s + r.seconds, 0)),
    pastKneePct: pct(sum((r) => (r.pastKnee ? r.seconds : 0))),
  };
}
