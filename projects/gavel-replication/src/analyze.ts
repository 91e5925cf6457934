import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeChart } from 'charts';
import { writeFileAtomic } from 'kit';
import { FIGURE_NAMES, type FigureName } from './curves.ts';
import { loadFigure } from './load.ts';
import { PROJECT_DIR, resultsDir } from './paths.ts';
import { readSolverCheck, type SolverCheckSummary, solverCheckSummary } from './solver-check.ts';
import { figureSpec } from './specs.ts';
import { DEFINITIONS, type FigureSummary, type GridCost, gridCost, summarizeFigure } from './summarize.ts';

/** The plots' y range, as Gavel's notebooks draw them (ymax=100.0). */
export const Y_MAX = 100;
/** The issue's target for the whole grid on the local pool, minutes. */
export const GRID_TARGET_MINUTES = 30;

export interface GridTime {
  complete: boolean;
  workers: number | null;
  runs: number;
  started: number;
  wallSeconds: number;
  cpuSeconds: number;
  loadAverage: number[];
  figures: Record<string, { runs: number; started: number; wallSeconds: number; cpuSeconds: number }>;
}

/** The settings the three figures share (analyze checks that they do). */
export interface Setup {
  cluster: string;
  gpus: number;
  roundSeconds: number;
  resetSeconds: number;
  /** "1,920", as the post prints it. */
  resetFormatted: string;
  resetMinutes: number;
  windowFirst: number;
  windowLast: number;
  windowJobs: number;
  /** "1,000" */
  windowJobsFormatted: string;
}

type FigureTime = GridTime['figures'][string] & { wallMinutes: number; cpuMinutes: number };

export interface Summary {
  definitions: typeof DEFINITIONS;
  setup: Setup;
  figures: Record<FigureName, Omit<FigureSummary, 'points'>>;
  grid:
    | (Omit<GridTime, 'figures'> & {
        figures: Record<string, FigureTime>;
        wallMinutes: number;
        cpuMinutes: number;
        /** CPU over wall, one decimal ("2.0"): how many of the cores the grid kept busy. */
        coresBusy: string;
        targetMinutes: number;
      })
    | null;
  cost: GridCost;
  /** npm run what-if's record (data/what-if.json), with its totals, when there is one. */
  whatIf: (WhatIf & { runMinutes: number; cappedMinutes: number; censored: number; savedPct: number }) | null;
  viewer: Record<FigureName, string>;
  /** data/solver-check.json beside Figure 11a's runs, when there is one. */
  solverCheck: SolverCheckSummary | null;
}

export interface WhatIf {
  capHours: number;
  figures: Record<
    string,
    {
      runMinutes: number;
      cappedMinutes: number;
      censored: { run: string; policy: string; rate: number; boundHours: number }[];
    }
  >;
}

export const VIEWER_URL = 'http://localhost:5173/';

const minutes = (seconds: number) => Number((seconds / 60).toFixed(1));

function gridSummary(time: GridTime): NonNullable<Summary['grid']> {
  return {
    ...time,
    figures: Object.fromEntries(
      Object.entries(time.figures).map(([name, f]) => [
        name,
        { ...f, wallMinutes: minutes(f.wallSeconds), cpuMinutes: minutes(f.cpuSeconds) },
      ]),
    ),
    wallMinutes: minutes(time.wallSeconds),
    cpuMinutes: minutes(time.cpuSeconds),
    coresBusy: time.wallSeconds > 0 ? (time.cpuSeconds / time.wallSeconds).toFixed(1) : '–',
    targetMinutes: GRID_TARGET_MINUTES,
  };
}

export function setupOf(data: Awaited<ReturnType<typeof loadFigure>>): Setup {
  const [first, last] = data.setup.window.split(':').map(Number) as [number, number];
  const gpus = data.setup.cluster.split(',').reduce((sum, part) => sum + Number(part.split('=')[1]), 0);
  return {
    cluster: data.setup.cluster,
    gpus,
    roundSeconds: data.setup.roundSeconds,
    resetSeconds: data.setup.resetSeconds,
    resetFormatted: data.setup.resetSeconds.toLocaleString('en-US'),
    resetMinutes: Number((data.setup.resetSeconds / 60).toFixed(1)),
    windowFirst: first,
    windowLast: last,
    windowJobs: last - first,
    windowJobsFormatted: (last - first).toLocaleString('en-US'),
  };
}

/** data/<figure>/ for every figure -> data/summary.json and charts/<figure>.{svg,png} (light and dark). */
export async function analyze(
  options: { summaryFile?: string; chartsDir?: string; dataDir?: (figure: FigureName) => string } = {},
): Promise<{ summary: Summary; files: string[] }> {
  const summaryFile = options.summaryFile ?? join(PROJECT_DIR, 'data', 'summary.json');
  const chartsDir = options.chartsDir ?? join(PROJECT_DIR, 'charts');
  const files: string[] = [];
  const figures = {} as Summary['figures'];
  const viewer = {} as Summary['viewer'];
  const loaded: Parameters<typeof gridCost>[0][number][] = [];
  let setup: Setup | undefined;
  for (const figure of FIGURE_NAMES) {
    const dir = (options.dataDir ?? resultsDir)(figure);
    const data = await loadFigure(dir);
    const own = setupOf(data);
    if (setup && JSON.stringify(own) !== JSON.stringify(setup))
      throw new Error(
        `${dir}: expected the setup of the other figures ${JSON.stringify(setup)}, got ${JSON.stringify(own)}`,
      );
    setup = own;
    const full = summarizeFigure(figure, data);
    loaded.push({ figure, data, summary: full });
    const { points: _points, ...summary } = full;
    figures[figure] = summary;
    files.push(...(await writeChart(chartsDir, figure, figureSpec(full, Y_MAX))));
    viewer[figure] =
      `${VIEWER_URL}?${new URLSearchParams({ view: 'results', sweep: `projects/gavel-replication/data/${figure}` })}`;
  }
  const timeFile = join(PROJECT_DIR, 'data', 'grid-time.json');
  const time = existsSync(timeFile) ? (JSON.parse(readFileSync(timeFile, 'utf8')) as GridTime) : null;
  const whatIfFile = join(PROJECT_DIR, 'data', 'what-if.json');
  const whatIf = existsSync(whatIfFile) ? (JSON.parse(readFileSync(whatIfFile, 'utf8')) as WhatIf) : null;
  const total = (pick: (f: WhatIf['figures'][string]) => number) =>
    whatIf ? Object.values(whatIf.figures).reduce((s, f) => s + pick(f), 0) : 0;
  const checkFile = join(PROJECT_DIR, 'data', 'solver-check.json');
  const check = readSolverCheck(checkFile);
  const fig11a = loaded.find((entry) => entry.figure === 'fig11a');
  const summary: Summary = {
    definitions: DEFINITIONS,
    setup: setup!,
    figures,
    grid: time ? gridSummary(time) : null,
    cost: gridCost(loaded),
    whatIf: whatIf
      ? {
          ...whatIf,
          runMinutes: Number(total((f) => f.runMinutes).toFixed(1)),
          cappedMinutes: Number(total((f) => f.cappedMinutes).toFixed(1)),
          censored: total((f) => f.censored.length),
          savedPct: Math.round(100 * (1 - total((f) => f.cappedMinutes) / total((f) => f.runMinutes))),
        }
      : null,
    viewer,
    solverCheck: check && fig11a ? solverCheckSummary(check, fig11a.data, checkFile) : null,
  };
  await writeFileAtomic(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
  files.unshift(summaryFile);
  return { summary, files };
}
