/**
 * Figures of this post's first version (published 2026-11-29), measured on the simulator before it
 * took Gavel's round mechanism (issue 14), so the post can say what moved. They are records, not
 * measurements of this grid: the grid's figures come from data/summary.json of commit 8118088
 * (default grid, means over three seeds and two placements); the waits and Gavel's test from
 * issue 14, which measured the same engine (run alibaba-mmf-fgd-s1, and Gavel's integration test).
 */
export const PREVIOUS = {
  philly: {
    /** Allocation phase's share of the LP runs' loop, percent; FIFO's mean utilization, percent. */
    lpAllocationSharePct: 75.4,
    fifoUtilizationPct: 24,
    /** Mean rounds of a FIFO run. */
    fifoRoundsPerRun: 3004,
  },
  alibaba: {
    /** Mean utilization in percent, LP and single-type. */
    lpUtilizationPct: 17.3,
    singleTypeUtilizationPct: 18.9,
    /** G2's utilization in the LP run issue 14 examined (seed 1, FGD), percent. */
    lpG2UtilizationPct: 6,
    /** The allocation phase's and the solve's share of the LP runs' loop, percent. */
    lpAllocationSharePct: 92.7,
    lpSolveSharePct: 40.8,
    /** Wall ms per round of the LP runs, and LP solves per run (one every round: 576 rounds). */
    lpMsPerRound: 8.06,
    lpSolvesPerRun: 576,
    lpMsPerSolve: 3.29,
    /** Median LP round at the busiest bin (857 active jobs). */
    lpBusiestRoundMs: 9.34,
    /** The LP run's longest wait to start, hours, and its 8-GPU jobs that never started (of 294). */
    longestWaitHours: 55.9,
    neverStartedEightGpu: 42,
    eightGpuJobs: 294,
  },
  gavel: {
    /** gpusim's average JCTs (s) on Gavel's integration test, and how far off the goldens (%). */
    aware: '49,761',
    agnostic: '76,891',
    awareOffPct: 13,
    agnosticOffPct: 5.2,
  },
} as const;

export type PreviousFigures = typeof PREVIOUS;
