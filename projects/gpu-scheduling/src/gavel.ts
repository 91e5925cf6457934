import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, parseCsv, requireColumns, round } from 'kit';

/**
 * Gavel's integration test (`src/scheduler/tests/integration_test.py` in Turquoise-T/cs244c-GPU_fragment,
 * the same scheduler as stanford-futuredata/gavel): the average JCTs, in seconds, that Gavel's own
 * simulator gives its 50 jobs (seed 0) on 36 V100 + 36 P100 + 36 K80. Facts from Gavel, not ours.
 */
export const GAVEL_GOLDENS = {
  cluster: { v100: 36, p100: 36, k80: 36 },
  jobs: 50,
  /** `max_min_fairness_perf`: the heterogeneity-aware max-min LP (gpusim's `max-min-fairness`). */
  aware: 57171.408617,
  /** `max_min_fairness`: the agnostic one (gpusim's `max-min-fairness-agnostic`). */
  agnostic: 73063.449596,
} as const;

/** One run of src/grids/gavel.yaml, as its sweep's summary.csv records it. */
export interface GavelRun {
  name: string;
  policy: string;
  /** The grid's `fill` label: `gavel` (the default mechanism) or `no-leftover-fill`. */
  fill: string;
  avgJct: number;
}

export interface GavelJcts {
  /** Average JCT in seconds, and as the post prints it (whole seconds, thousands separators). */
  aware: number;
  agnostic: number;
  awareFormatted: string;
  agnosticFormatted: string;
  /** Agnostic over aware: how much heterogeneity awareness is worth. */
  ratio: number;
}

export interface GavelFigures {
  gpus: number;
  jobs: number;
  cluster: Record<string, number>;
  /** The cluster's GPU types as the post prints them. */
  gpuTypes: string[];
  golden: GavelJcts;
  /** gpusim's default mechanism, and how far it is from the goldens in percent (absolute). */
  ours: GavelJcts & { offPct: { aware: number; agnostic: number; ratio: number } };
  /**
   * The same without the leftover fill (jobs run only where the LP put them), and how far below the
   * goldens in percent (negative if above).
   */
  withoutFill: (GavelJcts & { belowPct: { aware: number; agnostic: number } }) | null;
}

/** The runs of the Gavel grid from its summary.csv; only done runs count. */
export async function readGavelRuns(dir: string): Promise<GavelRun[]> {
  const file = join(dir, 'summary.csv');
  const { header, records } = parseCsv(await readFile(file, 'utf8'), file);
  requireColumns(header, ['name', 'state', 'policy', 'fill', 'avgJct'], file);
  return records
    .filter((r) => r.values.state === 'done')
    .map(({ line, values }) => {
      const avgJct = Number(values.avgJct);
      if (values.avgJct === '' || !Number.isFinite(avgJct) || avgJct <= 0)
        throw InputError.expected({ file, line, field: 'avgJct' }, 'a number > 0', values.avgJct);
      return { name: values.name!, policy: values.policy!, fill: values.fill!, avgJct };
    });
}

function jcts(aware: number, agnostic: number): GavelJcts {
  const whole = (seconds: number) => Math.round(seconds).toLocaleString('en-US');
  return {
    aware: round(aware, 2)!,
    agnostic: round(agnostic, 2)!,
    awareFormatted: whole(aware),
    agnosticFormatted: whole(agnostic),
    ratio: round(agnostic / aware, 3)!,
  };
}

const offBy = (ours: number, golden: number) => round((100 * Math.abs(ours - golden)) / golden, 2)!;
const below = (ours: number, golden: number) => round((100 * (golden - ours)) / golden, 1)!;

export function gavelFigures(runs: readonly GavelRun[]): GavelFigures | null {
  const find = (policy: string, fill: string) =>
    runs.find((r) => r.policy === policy && r.fill === fill)?.avgJct;
  const aware = find('max-min-fairness', 'gavel');
  const agnostic = find('max-min-fairness-agnostic', 'gavel');
  if (aware === undefined || agnostic === undefined) return null;
  const golden = jcts(GAVEL_GOLDENS.aware, GAVEL_GOLDENS.agnostic);
  const ours = jcts(aware, agnostic);
  const noFillAware = find('max-min-fairness', 'no-leftover-fill');
  const noFillAgnostic = find('max-min-fairness-agnostic', 'no-leftover-fill');
  const { cluster, jobs } = GAVEL_GOLDENS;
  return {
    gpus: Object.values(cluster).reduce((a, b) => a + b, 0),
    jobs,
    cluster: { ...cluster },
    gpuTypes: Object.keys(cluster).map((type) => type.toUpperCase()),
    golden,
    ours: {
      ...ours,
      offPct: {
        aware: offBy(aware, GAVEL_GOLDENS.aware),
        agnostic: offBy(agnostic, GAVEL_GOLDENS.agnostic),
        ratio: offBy(agnostic / aware, GAVEL_GOLDENS.agnostic / GAVEL_GOLDENS.aware),
      },
    },
    withoutFill:
      noFillAware !== undefined && noFillAgnostic !== undefined
        ? {
            ...jcts(noFillAware, noFillAgnostic),
            belowPct: {
              aware: below(noFillAware, GAVEL_GOLDENS.aware),
              agnostic: below(noFillAgnostic, GAVEL_GOLDENS.agnostic),
            },
          }
        : null,
  };
}
