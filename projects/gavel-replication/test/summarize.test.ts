import { describe, expect, it } from 'vitest';
import type { FigureData, OurPoint } from '../src/load.ts';
import { gridCost, ourCell, summarizeFigure } from '../src/summarize.ts';

const point = (x: number, mean: number | null, extra: Partial<OurPoint> = {}): OurPoint => ({
  x,
  mean,
  sd: 1,
  n: 3,
  total: 3,
  cutOff: 0,
  pastDeadline: 0,
  missing: {},
  level: { x, y: mean },
  ...extra,
});

const wallOf = (
  policy: string,
  x: number,
  seconds: number,
  endReason: string,
): FigureData['wall'][number] => ({
  name: `${policy}-r${x}`,
  policy,
  x,
  seconds,
  allocationSeconds: seconds * 0.8,
  lpSeconds: seconds * 0.5,
  simulatedHours: 1000,
  endReason,
});

describe('a cell of ours', () => {
  it('says how many runs were cut and at what the point is at least', () => {
    const both = point(5, 50, {
      n: 1,
      cutOff: 1,
      pastDeadline: 1,
      sd: null,
      level: { x: 5, y: (50 + 100 + 80) / 3, atLeast: true },
    });
    expect(ourCell(both, 100)).toBe('≥ 76.7 (1 of 3 over 100 h; 1 of 3 unfinished at the deadline)');
    expect(ourCell(point(5, 20, { missing: { failed: 1 } }), 100)).toBe('– (1 failed)');
  });
});

describe('a figure summary', () => {
  const xs = [1, 2, 3, 4];
  const data: FigureData = {
    name: 'fig9a',
    limit: 100,
    deadline: 5000,
    seeds: 3,
    runs: 24,
    ours: {
      'max-min-fairness': [point(1, 10), point(2, 11), point(3, 25), point(4, 40)],
      'max-min-fairness-agnostic': [
        point(1, 20),
        point(2, 22),
        // Two of three runs past the 100 h cut-off: at least (30 + 200) / 3.
        point(3, 30, { n: 1, cutOff: 2, sd: null, level: { x: 3, y: 230 / 3, atLeast: true } }),
        point(4, null, { n: 0, cutOff: 3, sd: null, level: { x: 4, y: 100, atLeast: true } }),
      ],
    },
    paper: {
      'max-min-fairness': xs.map((x, i) => ({ x, y: [12, 12, 20, 30][i]! })),
      'max-min-fairness-agnostic': xs.map((x, i) => ({ x, y: [18, null, 40, 90][i] ?? null })),
    },
    wall: [
      wallOf('max-min-fairness', 1, 10, 'window'),
      wallOf('max-min-fairness-agnostic', 3, 30, 'jct-cutoff'),
      wallOf('max-min-fairness-agnostic', 4, 60, 'jct-cutoff'),
    ],
  };
  const summary = summarizeFigure('fig9a', data);

  it('writes one table row per rate: ours ± sd, the paper, the cut-off runs, the ratios', () => {
    expect(summary.rows).toEqual([
      '| 1 | 10.0 ± 1.0 | 12 | 20.0 ± 1.0 | 18 | 0.50 | 0.67 |',
      '| 2 | 11.0 ± 1.0 | 12 | 22.0 ± 1.0 | – | 0.50 | – |',
      '| 3 | 25.0 ± 1.0 | 20 | ≥ 76.7 (2 of 3 over 100 h) | 40 | – | 0.50 |',
      '| 4 | 40.0 ± 1.0 | 30 | > 100 | 90 | – | 0.33 |',
    ]);
    expect(summary.cutOffRuns).toBe(5);
  });

  it('gives each curve its shape, ours and the paper, and ours over the paper', () => {
    // Ours aware: 2 x 10 = 20 is crossed between 11 at 2 and 25 at 3.
    expect(summary.ours.aware).toEqual({
      lowLoad: 10,
      flatTo: 2,
      flatLevel: 10.5,
      knee: 2.6,
      kneeRate: 2.64,
    });
    // Ours agnostic reaches 40 only through a lower bound: the knee is at most there.
    expect(summary.ours.agnostic.knee).toBe('at most 2.3');
    expect(summary.paper.aware).toMatchObject({ lowLoad: 12, knee: 3.4, flatTo: 2 });
    // The unreadable point at 2 is stepped over: 36 lies between 18 at 1 and 40 at 3.
    expect(summary.paper.agnostic).toMatchObject({ knee: 2.6, flatTo: 1 });
    expect(summary.ours.ratio).toEqual({ mean: 0.5, min: 0.5, max: 0.5, rates: '1 to 2' });
    expect(summary.paper.ratio).toMatchObject({ mean: 0.67, rates: '1 to 1' });
    expect(summary.compare.kneeAware).toBe(0.78);
    expect(summary.wall).toEqual({
      totalMinutes: 1.7,
      pastKneeShare: 90,
      slowestRun: { name: 'max-min-fairness-agnostic at 4 jobs/hour', seconds: 60 },
    });
  });

  it("stars the paper's values past Gavel's last simulated rate, where its curve runs to a made-up point", () => {
    const past: FigureData = {
      ...data,
      ours: { 'max-min-fairness': [point(6, 40), point(6.5, 50)] },
      paper: {
        'max-min-fairness': [
          { x: 6, y: 46 },
          { x: 6.5, y: 99 },
        ],
      },
    };
    const rows = summarizeFigure('fig9a', past).rows;
    expect(rows[0]).toMatch(/^\| 6 \| 40\.0 ± 1\.0 \| 46 \|/);
    expect(rows[1]).toMatch(/^\| 6\.5 \| 50\.0 ± 1\.0 \| 99\* \|/);
    expect(summarizeFigure('fig9a', past).extrapolatedAt).toBe(6.4);
  });

  it("says where the grid's time went: the slowest runs, the runs past the knee, the allocation phase", () => {
    const cost = gridCost([{ figure: 'fig9a', data, summary }], 1);
    expect(cost).toMatchObject({ runs: 3, runMinutes: 1.7, allocationPct: 80, lpPct: 50, slowestPct: 60 });
    expect(cost.slowest).toEqual([
      {
        figure: 'fig9a',
        run: 'max-min-fairness-agnostic-r4',
        minutes: 1,
        simulatedHours: 1000,
        endReason: 'jct-cutoff',
      },
    ]);
    // Agnostic's knee is at most 2.3: its runs at 3 and 4 are past it, aware's at 1 is not.
    expect(cost.pastKneePct).toBe(90);
  });

  it('says what is missing rather than printing a mean over fewer runs', () => {
    expect(ourCell(point(1, 5, { missing: { failed: 1 } }), 100)).toBe('– (1 failed)');
    expect(ourCell(point(1, 5, { sd: null, n: 1, total: 1 }), 100)).toBe('5.0');
    expect(ourCell(undefined, 100)).toBe('–');
  });
});
