import { describe, expect, it } from 'vitest';
import { summarize } from '../src/summarize.ts';
import { fakeGrid } from './helpers.ts';

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
