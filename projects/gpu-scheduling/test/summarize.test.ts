import { describe, expect, it } from 'vitest';
import { summarize } from '../src/summarize.ts';
import { fakeGrid, fakeRun } from './helpers.ts';

describe('summarize', () => {
  const summary = summarize({ gridName: 'fake', runs: fakeGrid(), notDone: 1 });

  it('pools phase seconds over wall time per scale and policy, with the untimed rest', () => {
    const mmf = summary.scales.philly!.variants.mmf!;
    expect(mmf.shares.allocation).toBe(60);
    expect(mmf.shares.lp_solve).toBe(40);
    expect(mmf.shares.worker_assignment).toBe(20);
    expect(mmf.shares.placement).toBe(15);
    // 10 s of wall, 6 + 2 + 1 s in top-level phases: sub-phases are not counted twice.
    expect(mmf.shares.other).toBe(10);
    expect(summary.scales.alibaba!.variants['single-type']!.shares.worker_assignment).toBe(88);
  });

  it('works out per-solve and per-round times and the single-type speedup', () => {
    const alibaba = summary.scales.alibaba!;
    expect(alibaba.variants.mmf!.lpMsPerSolve).toBe(16000);
    expect(alibaba.variants.mmf!.allocationMsPerCall).toBe(30000);
    expect(alibaba.variants['single-type']!.lpMsPerSolve).toBeNull();
    expect(alibaba.variants.mmf!.msPerRound).toBeCloseTo(33300, -2);
    expect(alibaba.singleTypeSpeedup.perRound).toBe(10);
    expect(alibaba.singleTypeSpeedup.perAllocation).toBe(90);
  });

  it('averages active jobs, fragmentation per placement and counts the grid', () => {
    expect(summary.scales.philly!.variants.mmf!.meanActiveJobs).toBe(5);
    expect(summary.scales.philly!.variants.mmf!.maxActiveJobs).toBe(8);
    expect(summary.scales.philly!.fragmentationByPlacement).toEqual({ 'first-fit': 10, fgd: 5 });
    expect(summary.grid).toMatchObject({ runs: 4, notDone: 1, seeds: 1, scales: ['philly', 'alibaba'] });
    expect(summary.grid.variants).toEqual(['mmf', 'single-type']);
    expect(summary.lpScaling).toBeNull();
  });

  it('turns finished JCTs into a CDF from the shortest to the longest job', () => {
    const cdf = summary.jctCdf.filter((c) => c.scale === 'philly' && c.variant === 'single-type');
    expect(cdf[0]).toMatchObject({ hours: 1, fraction: 0 });
    expect(cdf.at(-1)).toMatchObject({ hours: 4, fraction: 1 });
    expect(cdf.find((c) => c.fraction === 0.5)?.hours).toBe(1);
    const hours = cdf.map((c) => c.hours);
    expect([...hours].sort((a, b) => a - b)).toEqual(hours);
  });

  it('bins utilization by simulated time', () => {
    const philly = summary.utilization.filter((u) => u.scale === 'philly' && u.variant === 'mmf');
    expect(philly.map((u) => u.utilizationPct)).toEqual([50, 50, 50, 50]);
    expect(philly[0]!.hour).toBe(0.05);
  });
});

describe('summarize, what Gavel-style rounds need', () => {
  const lp = (seed: number, schedule: string, extra: Partial<Parameters<typeof fakeRun>[0]> = {}) =>
    fakeRun({
      name: `alibaba-mmf-s${seed}`,
      scale: 'alibaba',
      seed,
      wallSeconds: 8,
      phases: { allocation: 6, lp_solve: 3 },
      active: [10, 20, 30, 40],
      reallocations: 1,
      schedule,
      ...extra,
    });
  const other = (variant: string, seed: number, schedule: string) =>
    fakeRun({
      name: `alibaba-${variant}-s${seed}`,
      scale: 'alibaba',
      variant,
      seed,
      wallSeconds: 1,
      phases: { allocation: 0.5 },
      active: [10, 20, 30, 40],
      reallocations: 1,
      schedule,
    });

  it('charges the allocation phase to the reallocations, not to every round', () => {
    const summary = summarize({
      gridName: 'x',
      runs: [lp(1, 'a'), other('single-type', 1, 'a')],
      notDone: 0,
    });
    const figures = summary.scales.alibaba!;
    // 6 s over one reset, though the phase ran (and was counted) in all four rounds.
    expect(figures.variants.mmf!.allocationMsPerCall).toBe(6000);
    expect(figures.variants.mmf!.reallocations).toBe(1);
    expect(figures.variants.mmf!.reallocationSharePct).toBe(25);
    expect(figures.singleTypeSpeedup.perAllocation).toBe(12);
  });

  it("names the policies whose every run has the LP run's schedule for its seed and placement", () => {
    const runs = [
      lp(1, 'a'),
      lp(2, 'b'),
      other('mmf-penalty', 1, 'a'),
      other('mmf-penalty', 2, 'b'),
      other('single-type', 1, 'a'),
      other('single-type', 2, 'a'),
      other('fifo', 1, 'c'),
      other('fifo', 2, 'd'),
    ];
    const summary = summarize({ gridName: 'x', runs, notDone: 0 });
    expect(summary.scales.alibaba!.sameScheduleAsLp).toEqual(['mmf-penalty']);
  });

  it('says whether placement ever changed a schedule', () => {
    const fgd = (schedule: string) => ({ ...lp(1, schedule), placement: 'fgd', name: 'fgd' });
    const same = summarize({ gridName: 'x', runs: [lp(1, 'a'), fgd('a'), lp(2, 'b')], notDone: 0 });
    expect(same.scales.alibaba!.placementKeepsSchedule).toBe(true);
    const moved = summarize({ gridName: 'x', runs: [lp(1, 'a'), fgd('z'), lp(2, 'b')], notDone: 0 });
    expect(moved.scales.alibaba!.placementKeepsSchedule).toBe(false);
  });

  it('reports the spread between repeats of the same run', () => {
    const runs = [lp(1, 'a', { wallRepeats: [9, 8, 10] }), lp(2, 'b', { wallRepeats: [4, 5, 4] })];
    const timing = summarize({ gridName: 'x', runs, notDone: 0 }).scales.alibaba!.timing;
    // (10 - 8) / 9 = 22%, (5 - 4) / 4 = 25%.
    expect(timing).toEqual({ repeats: 3, spreadPct: { median: 24, max: 25 } });
    const single = summarize({ gridName: 'x', runs: [lp(1, 'a')], notDone: 0 }).scales.alibaba!.timing;
    expect(single).toEqual({ repeats: 1, spreadPct: { median: null, max: null } });
  });

  it('averages utilization per type, and keeps the peak round, the waits and finish-time fairness', () => {
    const runs = [
      lp(1, 'a', {
        utilizationByType: { G2: 0.3, P100: 0 },
        utilization: [0.1, 0.2, 0.25, 0.2],
        finishTimeFairness: 1.2,
        waits: { longest: 1800, neverStarted: 2 },
      }),
      lp(2, 'b', {
        utilizationByType: { G2: 0.2, P100: 0.1 },
        finishTimeFairness: 1.4,
        waits: { longest: 3600, neverStarted: 4 },
      }),
    ];
    const mmf = summarize({ gridName: 'x', runs, notDone: 0 }).scales.alibaba!.variants.mmf!;
    expect(mmf.utilizationByTypePct).toEqual({ G2: 25, P100: 5 });
    expect(mmf.busiestType).toBe('G2');
    expect(mmf.peakRoundUtilizationPct).toBe(50);
    expect(mmf.finishTimeFairness).toBe(1.3);
    expect(mmf.longestWaitHours).toBe(1);
    expect(mmf.neverStarted).toBe(3);
  });

  it('formats the cluster sizes for the post', () => {
    const run = lp(1, 'a', { capacities: { G2: 4392, T4: 842 } });
    expect(summarize({ gridName: 'x', runs: [run], notDone: 0 }).scales.alibaba!.gpuTypes).toEqual([
      'G2',
      'T4',
    ]);
    const figures = summarize({ gridName: 'x', runs: [run], notDone: 0 }).scales.alibaba!;
    expect(figures.gpusFormatted).toBe('6,212');
    expect(figures.capacitiesFormatted).toEqual({ G2: '4,392', T4: '842' });
  });
});

describe("summarize, Gavel's integration test", () => {
  const run = (policy: string, fill: string, avgJct: number) => ({
    name: `${policy}-${fill}`,
    policy,
    fill,
    avgJct,
  });

  it('sets our runs beside the goldens', () => {
    const summary = summarize({
      gridName: 'x',
      runs: fakeGrid(),
      notDone: 0,
      gavel: [
        run('max-min-fairness', 'gavel', 57171.408617 * 1.001),
        run('max-min-fairness-agnostic', 'gavel', 73063.449596 * 0.998),
        run('max-min-fairness', 'no-leftover-fill', 57171.408617 * 0.9),
        run('max-min-fairness-agnostic', 'no-leftover-fill', 73063.449596 * 1.05),
      ],
    });
    const gavel = summary.gavel!;
    expect(gavel.golden).toMatchObject({
      awareFormatted: '57,171',
      agnosticFormatted: '73,063',
      ratio: 1.278,
    });
    expect(gavel.ours.offPct).toEqual({ aware: 0.1, agnostic: 0.2, ratio: 0.3 });
    expect(gavel.ours.awareFormatted).toBe('57,229');
    expect(gavel.withoutFill!.belowPct).toEqual({ aware: 10, agnostic: -5 });
    expect(gavel.gpus).toBe(108);
  });

  it('has no Gavel figures without both policies run', () => {
    expect(summarize({ gridName: 'x', runs: fakeGrid(), notDone: 0 }).gavel).toBeNull();
    const partial = summarize({
      gridName: 'x',
      runs: fakeGrid(),
      notDone: 0,
      gavel: [run('max-min-fairness', 'gavel', 57000)],
    });
    expect(partial.gavel).toBeNull();
  });
});
