import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { repoRoot } from 'kit';
import { type CurveSet, parseCurveSet, type RunLink } from 'scheduler/results';
import { LABELS, paperCurve } from './load.ts';

/** The paper's panels in the digitized curves file, and the metric of ours each compares with. */
export const PAPER_PANELS = {
  '7a': { key: 'fig7a_frag_rate_pct', metric: 'frag_rate' },
  '7b': { key: 'fig7b_frag_over_total_pct', metric: 'frag_over_total' },
  '9a': { key: 'fig9a_unalloc_gpu_pct', metric: 'unallocated_gpu' },
  '9b': { key: 'fig9b_occupied_nodes', metric: 'occupied_nodes' },
} as const;

export const PAPER_FILE = 'fgd_atc2023_fig7_fig9.json';

/**
 * data/paper-curves/fgd_atc2023_fig7_fig9.json as one `gpusim-curves/1` set per panel, for the
 * results document: the paper's policy names are ours, so each curve names its series; Fig. 9a's
 * ideal line belongs to none. Nulls (points the digitizer could not read) stay null.
 */
export function paperCurveSets(dataDir: string): CurveSet[] {
  const file = join(dataDir, 'paper-curves', PAPER_FILE);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  return Object.entries(PAPER_PANELS).map(([figure, { key, metric }]) => {
    const panel = raw[key];
    if (typeof panel !== 'object' || panel === null)
      throw new Error(`${file}: ${key}: expected the digitized panel of Fig. ${figure}, got none`);
    const { demand, series } = paperCurve(panel);
    const set = {
      format: 'gpusim-curves/1',
      title: `FGD (ATC 2023) Fig. ${figure}: ${panel._y_axis}`,
      source: `${raw._source}, Fig. ${figure}. ${panel._description} Digitized by Turquoise-T/cs244c-GPU_fragment (experiments/fgd-standalone/paper_reference_curves.json @ a56bea9); see projects/fgd-replication/data/paper-curves/SOURCES.md.`,
      x: { label: panel._x_axis },
      y: { metric, label: panel._y_axis },
      curves: Object.entries(series).map(([policy, y]) => {
        const ours = policy in LABELS;
        return {
          name: `paper: ${ours ? LABELS[policy as keyof typeof LABELS] : policy[0]!.toUpperCase() + policy.slice(1)}`,
          ...(ours ? { series: { policy } } : {}),
          x: demand,
          y,
        };
      }),
    };
    return parseCurveSet(set, `${file}: ${key}`);
  });
}

/** Arrivals per recorded round of the run files the results document links to. */
export const RECORD_EVERY = 10;
/** The one seed per policy whose run a click on a point opens. */
export const LINKED_SEED = 42;

/**
 * The run behind a point of seed LINKED_SEED: `runs/<policy>-s42` beside the document, not kept in
 * git, made on demand by the `regenerate` command (run from the repository root), opened at the
 * round where the arrived demand reaches the point's x (`rounds`: per x, from roundsAtPercent).
 */
export function runLink(outDir: string, policy: string, x: number, rounds: Int32Array): RunLink {
  const name = `runs/${policy}-s${LINKED_SEED}`;
  const file = relative(repoRoot(), join(outDir, name, 'run.gpuviz'))
    .split(sep)
    .join('/');
  return {
    name,
    round: rounds[x]!,
    regenerate: `npx gpusim arrivals --policy ${policy} --seeds ${LINKED_SEED} --record-every ${RECORD_EVERY} -q --run-file ${file}`,
  };
}
