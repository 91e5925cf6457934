import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeChart } from 'charts';
import { writeFileAtomic } from 'kit';
import { FIGURE_NAMES, type FigureName } from './curves.ts';
import { loadFigure } from './load.ts';
import { PROJECT_DIR, resultsDir } from './paths.ts';
import { figureSpec } from './specs.ts';
import { DEFINITIONS, type FigureSummary, type GridCost, gridCost, summarizeFigure } from './summarize.ts';

/** The plots' y range, as Gavel's notebooks draw them (ymax=100.0). */
export const Y_MAX = 100;

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

export interface Summary {
  definitions: typeof DEFINITIONS;
  figures: Record<FigureName, Omit<FigureSummary, 'points'>>;
  grid: (GridTime & { wallMinutes: number; cpuMinutes: number }) | null;
  cost: GridCost;
  /** npm run what-if's record (data/what-if.json), with its totals, when there is one. */
  whatIf: (WhatIf & { runMinutes: number; cappedMinutes: number; censored: number; savedPct: number }) | null;
  viewer: Record<FigureName, string>;
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
  for (const figure of FIGURE_NAMES) {
    const dir = (options.dataDir ?? resultsDir)(figure);
    const data = await loadFigure(dir);
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
  const summary: Summary = {
    definitions: DEFINITIONS,
    figures,
    grid: time
      ? {
          ...time,
          wallMinutes: Number((time.wallSeconds / 60).toFixed(1)),
          cpuMinutes: Number((time.cpuSeconds / 60).toFixed(1)),
        }
      : null,
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
  };
  await writeFileAtomic(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
  files.unshift(summaryFile);
  return { summary, files };
}
