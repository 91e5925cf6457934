import { type Inputs, LABELS, medianAt, type PaperCurve, POLICIES } from './load.ts';

const r1 = (value: number) => Number(value.toFixed(1));
const r2 = (value: number) => Number(value.toFixed(2));

/** Point by point: our median against each digitized point of a paper curve. */
export function compareCurve(inputs: Inputs, curve: PaperCurve, metric: string) {
  const out: Record<
    string,
    {
      points: number;
      meanAbsDiff: number;
      maxAbsDiff: number;
      maxAt: number;
      worstOurs: number;
      worstPaper: number;
      within2: number;
    }
  > = {};
  for (const [policy, values] of Object.entries(curve.series)) {
    if (!(POLICIES as readonly string[]).includes(policy)) continue;
    let n = 0;
    let sum = 0;
    let max = -1;
    let at = Number.NaN;
    let within2 = 0;
    let worstOurs = Number.NaN;
    let worstPaper = Number.NaN;
    values.forEach((paper, i) => {
      if (paper === null) return;
      const x = curve.demand[i]!;
      const ours = medianAt(inputs, policy, metric, x);
      if (!Number.isFinite(ours)) return;
      const diff = Math.abs(ours - paper);
      n++;
      sum += diff;
      if (diff <= 2) within2++;
      if (diff > max) {
        max = diff;
        at = x;
        worstOurs = ours;
        worstPaper = paper;
      }
    });
    out[policy] = {
      points: n,
      meanAbsDiff: r2(sum / n),
      maxAbsDiff: r1(max),
      maxAt: at,
      worstOurs: r1(worstOurs),
      worstPaper,
      within2,
    };
  }
  return out;
}

/** First arrived % (from 50) where a curve sits more than half a point above the ideal max(0, 100 - x). */
function leavesIdeal(points: [number, number][]): number | null {
  for (const [x, value] of points) if (x >= 50 && value - Math.max(0, 100 - x) > 0.5) return x;
  return null;
}

/** The figures the post quotes, all from data/: filled into post/draft.md at publishing. */
export function summarize(inputs: Inputs) {
  const { experiment, paper } = inputs;
  const at100 = Object.fromEntries(
    POLICIES.map((policy) => {
      const i = paper.fig9a.demand.indexOf(100);
      const theirs = paper.fig9a.series[policy]?.[i] ?? null;
      const ours = medianAt(inputs, policy, 'unallocated_gpu', 100);
      return [
        policy,
        {
          label: LABELS[policy],
          unallocated: r2(ours),
          paper: theirs,
          diff: theirs === null ? null : r1(ours - theirs),
          fragRate: r1(medianAt(inputs, policy, 'frag_rate', 100)),
          fragOverTotal: r2(medianAt(inputs, policy, 'frag_over_total', 100)),
          at90: r2(medianAt(inputs, policy, 'unallocated_gpu', 90)),
          at120: r2(medianAt(inputs, policy, 'unallocated_gpu', 120)),
        },
      ];
    }),
  );
  const ordering = [...POLICIES].sort((a, b) => at100[b]!.unallocated - at100[a]!.unallocated);
  const pendingAt96 = Object.fromEntries(
    POLICIES.map((policy) => {
      const rows = inputs.pending.filter((row) => row.policy === policy && row.at !== 'end');
      const mean = (cls: string) =>
        r1(rows.reduce((sum, row) => sum + (row.gpus[cls] ?? 0), 0) / Math.max(rows.length, 1));
      const classes = {
        share: mean('<1'),
        one: mean('1'),
        two: mean('2'),
        four: mean('4'),
        eight: mean('8'),
      };
      return [
        policy,
        { ...classes, total: r1(classes.share + classes.one + classes.two + classes.four + classes.eight) },
      ];
    }),
  );
  const oursLeave = Object.fromEntries(
    POLICIES.map((policy) => [
      policy,
      leavesIdeal(
        inputs.stats
          .filter((row) => row.policy === policy && row.metric === 'unallocated_gpu')
          .map((row) => [row.x, row.median] as [number, number]),
      ),
    ]),
  );
  const paperLeave = Object.fromEntries(
    POLICIES.map((policy) => [
      policy,
      leavesIdeal(
        paper.fig9a.demand.flatMap((x, i) => {
          const value = paper.fig9a.series[policy]?.[i];
          return value === null || value === undefined ? [] : [[x, value] as [number, number]];
        }),
      ),
    ]),
  );
  const tracedAbove = Object.entries(paper.fig9b.series).flatMap(([policy, values]) =>
    values.flatMap((value, i) =>
      value !== null && value > experiment.nodeCount ? [{ policy, x: paper.fig9b.demand[i]! }] : [],
    ),
  );
  // Unallocated GPU can never be below the ideal line: at most x% of capacity has arrived.
  const belowIdeal = POLICIES.flatMap((policy) =>
    paper.fig9a.demand.flatMap((x, i) => {
      const value = paper.fig9a.series[policy]?.[i];
      const ideal = Math.max(0, 100 - x);
      return value !== null && value !== undefined && value < ideal - 0.25
        ? [{ policy, x, value, ideal }]
        : [];
    }),
  );
  const worstBelow = [...belowIdeal].sort((a, b) => b.ideal - b.value - (a.ideal - a.value))[0];
  const table = [
    '| policy | ours (median of 10 seeds) | paper (Fig. 9a, digitized) | difference |',
    '| --- | --- | --- | --- |',
    ...POLICIES.map((policy) => {
      const row = at100[policy]!;
      return `| ${row.label} | ${row.unallocated.toFixed(2)}% | ${row.paper === null ? 'n/a' : `${row.paper}%`} | ${row.diff === null ? 'n/a' : `${row.diff > 0 ? '+' : ''}${row.diff.toFixed(1)}`} |`;
    }),
  ].join('\n');
  return {
    setup: {
      nodes: experiment.nodeCount,
      gpus: experiment.totalGpus,
      podRows: experiment.podRows,
      tunePercent: Math.round(experiment.tune * 100),
      seeds: `${experiment.seeds[0]}-${experiment.seeds.at(-1)}`,
      seedCount: experiment.seeds.length,
      arrivalsMean: Math.round(experiment.policies.fgd?.arrivals.mean ?? Number.NaN),
      arrivalsMin: experiment.policies.fgd?.arrivals.min,
      arrivalsMax: experiment.policies.fgd?.arrivals.max,
    },
    at100,
    table,
    ordering: ordering.map((policy) => LABELS[policy]).join(' > '),
    orderingMatches: ordering.join(',') === 'random,dotprod,clustering,packing,bestfit,fgd',
    maxAbsDiffAt100: r1(Math.max(...POLICIES.map((policy) => Math.abs(at100[policy]!.diff ?? 0)))),
    fgdGainOverRandom: r1(at100.random!.unallocated - at100.fgd!.unallocated),
    fgdGainOverBestfit: r1(at100.bestfit!.unallocated - at100.fgd!.unallocated),
    packingMinusBestfit: r1(at100.packing!.unallocated - at100.bestfit!.unallocated),
    fragRate: compareCurve(inputs, paper.fig7a, 'frag_rate'),
    fragOverTotal: compareCurve(inputs, paper.fig7b, 'frag_over_total'),
    occupiedNodes: compareCurve(inputs, paper.fig9b, 'occupied_nodes'),
    unallocatedCurve: compareCurve(inputs, paper.fig9a, 'unallocated_gpu'),
    start: {
      fragRate: r1(medianAt(inputs, 'fgd', 'frag_rate', 0)),
      fragOverTotal: r1(medianAt(inputs, 'fgd', 'frag_over_total', 0)),
    },
    fgdAt50: {
      fragOverTotal: r1(medianAt(inputs, 'fgd', 'frag_over_total', 50)),
      randomFragOverTotal: r1(medianAt(inputs, 'random', 'frag_over_total', 50)),
      fragRate: r1(medianAt(inputs, 'fgd', 'frag_rate', 50)),
      randomFragRate: r1(medianAt(inputs, 'random', 'frag_rate', 50)),
      nodes: Math.round(medianAt(inputs, 'fgd', 'occupied_nodes', 50)),
      randomNodes: Math.round(medianAt(inputs, 'random', 'occupied_nodes', 50)),
    },
    pendingAt96,
    leavesIdeal: {
      ours: oursLeave,
      paper: paperLeave,
      oursEarliest: Math.min(...Object.values(oursLeave).filter((x): x is number => x !== null)),
      paperEarliest: Math.min(...Object.values(paperLeave).filter((x): x is number => x !== null)),
    },
    paperBelowIdeal: {
      count: belowIdeal.length,
      policies: [...new Set(belowIdeal.map((point) => LABELS[point.policy]))].join(', '),
      worst: worstBelow
        ? {
            policy: LABELS[worstBelow.policy],
            x: worstBelow.x,
            value: worstBelow.value,
            ideal: worstBelow.ideal,
          }
        : null,
    },
    tracedAboveCluster: {
      count: tracedAbove.length,
      where: [...new Set(tracedAbove.map((point) => `${point.x}%`))].join(' and '),
      policies: [
        ...new Set(tracedAbove.map((point) => LABELS[point.policy as keyof typeof LABELS] ?? point.policy)),
      ].join(', '),
    },
  };
}

export type Summary = ReturnType<typeof summarize>;
