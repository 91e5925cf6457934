import type { RunRecord } from '../src/load.ts';

interface FakeRun {
  name: string;
  scale?: string;
  variant?: string;
  placement?: string;
  seed?: number;
  wallSeconds: number;
  /** Seconds per phase name (top-level and sub-phases); counts default to the number of rounds. */
  phases: Record<string, number>;
  counts?: Record<string, number>;
  active: number[];
  utilization?: number[];
  jct?: number[];
  fragmentationRate?: number;
  roundDuration?: number;
  /** Wall ms per round (default: the loop time spread evenly), which rounds reallocated (default all), LP solves. */
  wallMs?: number[];
  reset?: boolean[];
  solves?: { jobs: number; ms: number }[];
  /** The jobs.csv digest (default: one of its own, so no two fake runs share a schedule). */
  schedule?: string;
  wallRepeats?: number[];
  utilizationByType?: Record<string, number>;
  finishTimeFairness?: number;
  waits?: { longest: number; neverStarted: number };
  capacities?: Record<string, number>;
  /** Resets of the run (default: the allocation phase's count, or one per round). */
  reallocations?: number;
}

/** A run record with chosen numbers, so expected figures can be worked out by hand. */
export function fakeRun(run: FakeRun): RunRecord {
  const rounds = run.active.length;
  const roundDuration = run.roundDuration ?? 360;
  const utilization = run.utilization ?? run.active.map(() => 0.5);
  return {
    name: run.name,
    scale: run.scale ?? 'philly',
    variant: run.variant ?? 'mmf',
    placement: run.placement ?? 'first-fit',
    seed: run.seed ?? 1,
    endReason: 'completed',
    gpus: run.scale === 'alibaba' ? 6212 : 108,
    capacities: run.capacities ?? null,
    config: { roundDuration, jobsPerHour: 5, numJobs: 10 },
    metrics: {
      utilization: utilization.reduce((a, b) => a + b, 0) / rounds,
      utilizationByType: run.utilizationByType ?? {},
      finishTimeFairness: { mean: run.finishTimeFairness ?? null, max: run.finishTimeFairness ?? null },
      avgFragmentationRate: run.fragmentationRate ?? 0.1,
      avgJct: null,
      jobsCompleted: run.jct?.length ?? 0,
      rounds,
      reallocations: run.reallocations ?? run.counts?.allocation ?? rounds,
    },
    profile: {
      enabled: true,
      wallSeconds: run.wallSeconds,
      rounds,
      phases: Object.entries(run.phases).map(([name, seconds]) => ({
        name,
        seconds,
        count: run.counts?.[name] ?? rounds,
      })),
    },
    rounds: { time: run.active.map((_, i) => i * roundDuration), utilization, active: run.active },
    jct: run.jct ?? [],
    waits: run.waits ?? { longest: 0, neverStarted: 0 },
    scheduleDigest: run.schedule ?? `schedule of ${run.name}`,
    wallRepeats: run.wallRepeats ?? [run.wallSeconds],
    jobsArrived: run.jct?.length ?? 0,
    timing: {
      wallMs: run.wallMs ?? run.active.map(() => (1000 * run.wallSeconds) / rounds),
      reset: run.reset ?? run.active.map(() => true),
      solves: run.solves ?? [],
    },
  };
}

/** Two scales, two variants, numbers picked by hand. */
export function fakeGrid(): RunRecord[] {
  return [
    fakeRun({
      name: 'philly-mmf',
      wallSeconds: 10,
      phases: { allocation: 6, lp_solve: 4, worker_assignment: 2, placement: 1.5, telemetry: 1 },
      counts: { allocation: 8, lp_solve: 8 },
      active: [2, 4, 6, 8],
      jct: [3600, 7200, 10800],
    }),
    fakeRun({
      name: 'philly-single-type',
      variant: 'single-type',
      placement: 'fgd',
      wallSeconds: 2,
      phases: { allocation: 0.5, lp_solve: 0, worker_assignment: 1, telemetry: 0.25 },
      counts: { allocation: 8 },
      active: [2, 4, 6, 8],
      jct: [3600, 3600, 14400],
      fragmentationRate: 0.05,
    }),
    fakeRun({
      name: 'alibaba-mmf',
      scale: 'alibaba',
      wallSeconds: 100,
      phases: { allocation: 90, lp_solve: 48, worker_assignment: 5, placement: 4 },
      counts: { allocation: 3, lp_solve: 3 },
      active: [100, 200, 300],
      jct: [1800],
      roundDuration: 600,
    }),
    fakeRun({
      name: 'alibaba-single-type',
      scale: 'alibaba',
      variant: 'single-type',
      placement: 'fgd',
      wallSeconds: 10,
      phases: { allocation: 1, worker_assignment: 8.8, placement: 8 },
      counts: { allocation: 3 },
      active: [100, 200, 300],
      jct: [1800, 5400],
      roundDuration: 600,
      fragmentationRate: 0.02,
    }),
  ];
}
