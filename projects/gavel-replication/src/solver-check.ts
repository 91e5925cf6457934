import { existsSync, readFileSync } from 'node:fs';
import { InputError } from 'kit';
import { z } from 'zod';
import { FIGURES } from './curves.ts';
import type { FigureData } from './load.ts';
import { ourCell } from './summarize.ts';

/**
 * How finish-time fairness's choice among its optima shows in Figure 11a, from two measurements
 * that cannot be made again by `npm run grid` and are therefore recorded in data/solver-check.json:
 * Figure 11a's points as they were when the policy answered at a simplex vertex (the committed data
 * before it answered from inside the optimal face), and runs of Gavel's own simulator
 * (scripts/gavel_window.py, which needs a Gavel checkout, cvxpy and ECOS). The summary puts each
 * beside what the committed runs give now. `cost` records what the policy cost while HiGHS
 * answered it, which a grid on today's code cannot measure again, and calls of today's solver.
 */
const Point = z.object({
  policy: z.string(),
  x: z.number(),
  meanHours: z.number().positive(),
  sdHours: z.number().nonnegative(),
  n: z.number().int().positive(),
});
const GavelRun = z.object({
  policy: z.string(),
  x: z.number(),
  seed: z.number().int().nonnegative(),
  hours: z.number().positive(),
  wallSeconds: z.number().positive(),
});
const Call = z.object({ jobs: z.number().int().positive(), ms: z.number().positive() });
const SolverCost = z.object({
  source: z.string(),
  /** The grid and one saturated call while HiGHS answered (Dinkelbach's LPs, then IPX). */
  highs: z.object({
    gridWallSeconds: z.number().positive(),
    fig11aWallSeconds: z.number().positive(),
    call: Call,
  }),
  /** Calls of the interior-point method that answers now. */
  interior: z.array(Call).min(1),
});
const SolverCheckFile = z.object({
  vertex: z.object({ source: z.string(), points: z.array(Point) }),
  gavel: z.object({ source: z.string(), runs: z.array(GavelRun) }),
  cost: SolverCost.optional(),
});
export type SolverCheckFile = z.infer<typeof SolverCheckFile>;

export interface SolverCheckSummary {
  vertex: {
    curve: 'aware' | 'agnostic';
    x: number;
    /** "52.0 ± 5.7", as the tables print ours. */
    vertex: string;
    now: string;
    paper: number | null;
  }[];
  gavel: {
    curve: 'aware' | 'agnostic';
    x: number;
    seed: number;
    /** Gavel's window average, ours for the same seed, hours, and ours against it in %. */
    gavel: number;
    ours: number;
    pct: number;
    gavelMinutes: number;
    paper: number | null;
  }[];
  /** What finish-time fairness cost with HiGHS and costs now (minutes to one decimal). */
  cost: {
    highsGridMinutes: number;
    highsFig11aMinutes: number;
    highsCall: { jobs: number; ms: number };
    interiorCalls: { jobs: number; ms: number }[];
  } | null;
}

/** data/solver-check.json, validated; undefined when there is none. */
export function readSolverCheck(file: string): SolverCheckFile | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError({ file }, `expected JSON, ${(error as Error).message}`);
  }
  const parsed = SolverCheckFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError({ file, field: issue.path.join('.') }, issue.message);
  }
  return parsed.data;
}

/** Sets the recorded values (from `file`) beside Figure 11a's committed runs (loaded as `data`). */
export function solverCheckSummary(
  check: SolverCheckFile,
  data: FigureData,
  file = 'solver-check.json',
): SolverCheckSummary {
  const { aware, agnostic } = FIGURES.fig11a;
  const curveOf = (policy: string, field: string) => {
    if (policy === aware) return 'aware' as const;
    if (policy === agnostic) return 'agnostic' as const;
    throw new InputError(
      { file, field },
      `expected a policy of ${data.name} (${aware} or ${agnostic}), got "${policy}"`,
    );
  };
  const pointAt = (policy: string, x: number, field: string) => {
    const point = data.ours[policy]?.find((p) => p.x === x);
    if (!point) throw new InputError({ file, field }, `expected a rate of ${data.name}, got ${x}`);
    return point;
  };
  const paperAt = (policy: string, x: number) =>
    data.paper[policy]?.find((level) => level.x === x)?.y ?? null;
  return {
    vertex: check.vertex.points.map((p, i) => {
      const field = `vertex.points.${i}`;
      return {
        curve: curveOf(p.policy, field),
        x: p.x,
        vertex: `${p.meanHours.toFixed(1)} ± ${p.sdHours.toFixed(1)}`,
        now: ourCell(pointAt(p.policy, p.x, field), data.limit),
        paper: paperAt(p.policy, p.x),
      };
    }),
    gavel: check.gavel.runs.map((run, i) => {
      const field = `gavel.runs.${i}`;
      const curve = curveOf(run.policy, field);
      pointAt(run.policy, run.x, field);
      const ours = data.wall.find(
        (w) => w.policy === run.policy && w.x === run.x && w.seed === run.seed,
      )?.avgJctHours;
      if (ours === undefined || ours === null)
        throw new InputError(
          { file, field },
          `expected a finished run of ${data.name} for ${run.policy} at ${run.x} jobs/h, seed ${run.seed}`,
        );
      return {
        curve,
        x: run.x,
        seed: run.seed,
        gavel: Number(run.hours.toFixed(1)),
        ours: Number(ours.toFixed(1)),
        pct: Number((100 * (ours / run.hours - 1)).toFixed(1)),
        gavelMinutes: Math.round(run.wallSeconds / 60),
        paper: paperAt(run.policy, run.x),
      };
    }),
    cost: check.cost
      ? {
          highsGridMinutes: Number((check.cost.highs.gridWallSeconds / 60).toFixed(1)),
          highsFig11aMinutes: Number((check.cost.highs.fig11aWallSeconds / 60).toFixed(1)),
          highsCall: check.cost.highs.call,
          interiorCalls: check.cost.interior,
        }
      : null,
  };
}
