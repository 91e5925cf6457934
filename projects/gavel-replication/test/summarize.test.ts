import { describe, expect, it } from 'vitest';
import type { FigureData } from '../src/load.ts';
import {
  cutRates,
  finishedOnlyText,
  gridCost,
  largestGap,
  ourCell,
  spanText,
  summarizeFigure,
  timeByEnd,
} from '../src/summarize.ts';
import { figureSetup, point } from './helpers/point.ts';

const wallOf = (
  policy: string,
  x: number,
  seconds: number,
  endReason: string,
): FigureData['wall'][number] => ({
  name: `${policy}-r${x}`,
  policy,
  x,
  seed: 0,
  seconds,
  allocationSeconds: seconds * 0.8,
  buildSeconds: seconds * 0.2,
  lpSeconds: seconds * 0.5,
  simulatedHours: 1000,
  endReason,
  windowJobsCompleted: endReason === 'window' ? 1000 : 990,
  avgJctHours: 10,
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

describe('the small texts of a summary', () => {
  it('lists the rates with cut runs, spans consecutive seeds, splits time by end reason', () => {
    const points = [point(1, 10), point(2, 20, { pastDeadline: 1 }), point(3, null, { pastDeadline: 3 })];
    expect(cutRates(points, (p) => p.pastDeadline)).toBe('1 of 3 at 2 and 3 of 3 at 3');
    expect(cutRates([...points, point(4, null, { pastDeadline: 2 })], (p) => p.pastDeadline)).toBe(
      '1 of 3 at 2, 3 of 3 at 3 and 2 of 3 at 4',
    );
    expect(cutRates([points[1]!], (p) => p.pastDeadline)).toBe('1 of 3 at 2');
    expect(cutRates(points, (p) => p.cutOff)).toBe('none');
    // Gavel's way: the finished runs' mean where others were cut, and the paper's value beside it.
    const cut = [
      point(1, 10),
      point(2, 42.44, { n: 4, total: 5, cutOff: 1 }),
      point(3, null, { n: 0, cutOff: 3 }),
    ];
    expect(finishedOnlyText(cut, [{ x: 2, y: 41 }])).toBe('42.4 h at 2 (4 of 5 seeds; paper 41)');
    expect(finishedOnlyText(cut, [])).toBe('42.4 h at 2 (4 of 5 seeds; no paper value)');
    expect(finishedOnlyText(cut, [{ x: 2, y: 99 }], 1.5)).toBe('42.4 h at 2 (4 of 5 seeds; paper 99*)');
    expect(finishedOnlyText([point(1, 10)], [])).toBe('none');
    // The largest gap skips bounds and the paper's values past Gavel's last rate.
    const curve = [
      point(1, 10, { sd: 2 }),
      point(2, 25, { sd: 4 }),
      point(3, 90, { level: { x: 3, y: 90, atLeast: true } }),
      point(4, 10),
    ];
    const paper = [1, 2, 3, 4].map((x, i) => ({ x, y: [12, 18, 20, 80][i]! }));
    expect(largestGap(curve, paper, 3)).toEqual({
      x: 2,
      ours: 25,
      sd: 4,
      paper: 18,
      hours: 7,
      pct: 39,
      sds: 1.8,
      text: '25.0 ± 4.0',
    });
    expect(largestGap([point(3, 90, { level: { x: 3, y: 90, atLeast: true } })], paper, 3)).toBeNull();
    expect(spanText([0, 1, 2, 3, 4])).toBe('0 to 4');
    expect(spanText([0, 2, 5])).toBe('0, 2, 5');
    expect(spanText([7])).toBe('7');
    expect(
      timeByEnd(
        [
          { seconds: 30, endReason: 'window' },
          { seconds: 90, endReason: 'window-deadline' },
        ],
        120,
      ),
    ).toEqual({
      window: { runs: 1, minutes: 0.5, pct: 25 },
      'window-deadline': { runs: 1, minutes: 1.5, pct: 75 },
    });
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
    setup: figureSetup(xs),
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
      wallOf('max-min-fairness', 4, 20, 'window-deadline'),
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
    expect(summary.ours.ratio).toEqual({ mean: 0.5, meanText: '0.50', min: 0.5, max: 0.5, rates: '1 to 2' });
    expect(summary.paper.ratio).toMatchObject({ mean: 0.67, rates: '1 to 1' });
    expect(summary.compare.kneeAware).toBe(0.78);
    expect(summary.compare).toMatchObject({ lowAware: 0.83, lowAgnostic: 1.11, ratio: 0.75 });
    // 120 s in all; the runs at or past the later knee (2.64) took 30 + 60 + 20 of them.
    expect(summary.wall).toEqual({
      totalMinutes: 2,
      pastKneeShare: 92,
      slowestRun: { name: 'max-min-fairness-agnostic at 4 jobs/hour', seconds: 60 },
      byEnd: {
        window: { runs: 1, minutes: 0.2, pct: 8 },
        'jct-cutoff': { runs: 2, minutes: 1.5, pct: 75 },
        'window-deadline': { runs: 1, minutes: 0.3, pct: 17 },
      },
    });
  });

  it('states the setup, where runs were cut, and how many window jobs the deadline runs left', () => {
    expect(summary).toMatchObject({
      seedList: '0 to 2',
      rates: '1 to 4',
      rateCount: 4,
      deadlineFormatted: '5,000',
    });
    expect(summary.cut.agnostic).toEqual({
      cutOff: '2 of 3 at 3 and 3 of 3 at 4',
      deadline: 'none',
      from: 3,
    });
    expect(summary.cut.aware).toEqual({ cutOff: 'none', deadline: 'none', from: 'none' });
    // The one deadline run finished 990 of its 1,000 window jobs.
    // Each unfinished job waited at least the 5,000 h: at least 5 h more on the average of 1,000.
    expect(summary.deadlineUnfinished).toEqual({ min: 10, max: 10, windowJobs: 1000, hoursEach: 5 });
    expect(summarizeFigure('fig9a', { ...data, wall: data.wall.slice(0, 3) }).deadlineUnfinished.max).toBe(
      '–',
    );
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
    expect(cost).toMatchObject({
      runs: 4,
      runMinutes: 2,
      allocationPct: 80,
      buildPct: 20,
      lpPct: 50,
      slowestPct: 50,
    });
    expect(cost.byEnd['window-deadline']).toEqual({ runs: 1, minutes: 0.3, pct: 17 });
    expect(cost.slowest).toEqual([
      {
        figure: 'fig9a',
        run: 'max-min-fairness-agnostic-r4',
        minutes: 1,
        simulatedHours: 1000,
        endReason: 'jct-cutoff',
        simulatedHoursFormatted: '1,000',
      },
    ]);
    // Agnostic's knee is at most 2.3: its runs at 3 and 4 are past it; aware's at 4 is past its
    // knee (2.64), its run at 1 is not.
    expect(cost.pastKneePct).toBe(92);
  });

  it('says what is missing rather than printing a mean over fewer runs', () => {
    expect(ourCell(point(1, 5, { missing: { failed: 1 } }), 100)).toBe('– (1 failed)');
    expect(ourCell(point(1, 5, { sd: null, n: 1, total: 1 }), 100)).toBe('5.0');
    expect(ourCell(undefined, 100)).toBe('–');
  });
});
