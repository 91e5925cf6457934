import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from 'kit';
import type { CurveSet } from 'scheduler/results';

/**
 * The three figures: which curves-file entry, the policies its two curves stand for, and the rates
 * Gavel simulated for it (`np.linspace(0, b, n)` without 0, run_sweep_continuous.py:196-200).
 * Gavel's notebook appends a made-up 105 h point 0.4 past the highest rate it ran
 * (plotting_utils.py:59-61), so the paper's curve beyond `lastRate` is a line to that point.
 */
export const FIGURES = {
  fig9a: {
    key: 'fig9',
    title: 'Gavel (OSDI 2020) Figure 9a: LAS on the continuous-single trace',
    aware: 'max-min-fairness',
    agnostic: 'max-min-fairness-agnostic',
    gavelRates: { step: 0.4, last: 6.0 },
  },
  fig10a: {
    key: 'fig10',
    title: 'Gavel (OSDI 2020) Figure 10a: LAS on the continuous-multiple trace',
    aware: 'max-min-fairness',
    agnostic: 'max-min-fairness-agnostic',
    gavelRates: { step: 0.3, last: 3.0 },
  },
  fig11a: {
    key: 'fig11',
    title: 'Gavel (OSDI 2020) Figure 11a: finish-time fairness on the continuous-multiple trace',
    aware: 'finish-time-fairness',
    agnostic: 'finish-time-fairness-agnostic',
    gavelRates: { step: 0.3, last: 3.0 },
  },
} as const;

/** Where Gavel's notebook put its made-up 105 h point for a figure. */
export const extrapolatedAt = (figure: FigureName) => FIGURES[figure].gavelRates.last + 0.4;

export type FigureName = keyof typeof FIGURES;
export const FIGURE_NAMES = Object.keys(FIGURES) as FigureName[];

interface PaperFigure {
  _description: string;
  jobs_per_hr: number[];
  gavel: (number | null)[];
  baseline: (number | null)[];
}

export const PAPER_CURVES_FILE = 'gavel_osdi2020_fig9a_10a_11a.json';

export function readPaperFigures(curvesDir: string): Record<string, PaperFigure> & { _source: string } {
  return JSON.parse(readFileSync(join(curvesDir, PAPER_CURVES_FILE), 'utf8'));
}

/** One figure of the digitized file as a gpusim-curves/1 set: JCT in hours against jobs/hour. */
export function curveSetOf(paper: ReturnType<typeof readPaperFigures>, figure: FigureName): CurveSet {
  const spec = FIGURES[figure];
  const data = paper[spec.key];
  if (!data) throw new Error(`${PAPER_CURVES_FILE}: ${spec.key}: expected the figure's curves, got nothing`);
  return {
    format: 'gpusim-curves/1',
    title: spec.title,
    source: `${paper._source}; digitized by hand (about +-1 h), see data/paper-curves/SOURCES.md. ${data._description}`,
    x: { label: 'Input job rate (jobs/hour)' },
    y: { metric: 'avgJct', label: 'Average JCT (hours)', scale: 3600 },
    curves: [
      {
        name: `paper: Gavel (${spec.aware})`,
        series: { policy: spec.aware },
        x: data.jobs_per_hr,
        y: data.gavel,
      },
      {
        name: `paper: baseline (${spec.agnostic})`,
        series: { policy: spec.agnostic },
        x: data.jobs_per_hr,
        y: data.baseline,
      },
    ],
  };
}

export function curvesText(set: CurveSet): string {
  return `${JSON.stringify(set, null, 1)}\n`;
}

/** Writes data/paper-curves/<figure>.curves.json for every figure; returns the paths. */
export function writeCurveFiles(curvesDir: string): string[] {
  const paper = readPaperFigures(curvesDir);
  return FIGURE_NAMES.map((figure) => {
    const path = join(curvesDir, `${figure}.curves.json`);
    writeFileAtomicSync(path, curvesText(curveSetOf(paper, figure)));
    return path;
  });
}
