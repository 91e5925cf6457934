import { performance } from 'node:perf_hooks';

/** The phases of a round, in the order they run. Sub-phases are timed inside their parent. */
export const PHASES = [
  'job_arrivals',
  'allocation',
  'priorities',
  'worker_assignment',
  'event_jump_and_completion',
  'telemetry',
  'exit_checks',
] as const;
export type Phase = (typeof PHASES)[number];
const PHASE_INDEX = Object.fromEntries(PHASES.map((phase, index) => [phase, index])) as Record<Phase, number>;

export const SUB_PHASES = {
  allocation_build: 'allocation',
  lp_solve: 'allocation',
  allocation_read: 'allocation',
  lease_extension: 'worker_assignment',
  placement: 'worker_assignment',
} as const;
export type SubPhase = keyof typeof SUB_PHASES;

export interface PhaseReport {
  name: string;
  /** The phase this one is part of, for sub-phases. */
  parent?: string;
  seconds: number;
  /** Share of the total wall time of the run loop. */
  percent: number;
  count: number;
  /** Milliseconds per round. */
  msPerRound: number;
}

/** Per-round wall-clock columns of a profiled run (profile.csv), ms. */
export interface ProfileRounds {
  wallMs: Float64Array;
  /** The allocation phase's share of wallMs (0 in rounds without a reallocation). */
  policyMs: Float64Array;
  /** Jobs in the LP solved this round, NaN without a solve. */
  lpJobs: Float64Array;
  lpSolveMs: Float64Array;
}

export interface RoundStats {
  median: number;
  p95: number;
  max: number;
}

export interface ProfileReport {
  /** False when the run was not profiled: then only wallSeconds and rounds are filled in. */
  enabled: boolean;
  wallSeconds: number;
  rounds: number;
  phases: PhaseReport[];
  /** Per-round wall time of the loop without the policy's allocation, ms. */
  roundMs: RoundStats | null;
  /** Per-round wall time including the policy, ms. */
  roundMsWithPolicy: RoundStats | null;
}

/**
 * Accumulates seconds per phase with performance.now() (monotonic, sub-microsecond): eight reads
 * per round. A read costs 100 to 300 ns, under 1% of an Alibaba-scale round but a real share of a
 * 10-microsecond Philly round, so a disabled profiler reads no clock at all.
 */
export class Profiler {
  constructor(readonly enabled: boolean) {}

  now(): number {
    return this.enabled ? performance.now() : 0;
  }

  private readonly ms = new Float64Array(PHASES.length);
  private readonly counts = new Float64Array(PHASES.length);
  private readonly subMs = new Map<SubPhase, number>();
  private readonly subCounts = new Map<SubPhase, number>();
  private roundNoPolicy = new Float64Array(1024);
  private roundWithPolicy = new Float64Array(1024);
  // Per round: jobs in the LP and its solve time, NaN in rounds without a solve.
  private lpJobs = new Float64Array(1024).fill(Number.NaN);
  private lpSolveMs = new Float64Array(1024).fill(Number.NaN);
  private rounds = 0;

  /** Adds the time since `since` (a value of now()) to `phase` and returns now(). */
  lap(phase: Phase, since: number): number {
    if (!this.enabled) return 0;
    const now = performance.now();
    const index = PHASE_INDEX[phase];
    this.ms[index]! += now - since;
    this.counts[index]!++;
    return now;
  }

  addSub(name: SubPhase, ms: number): void {
    if (!this.enabled) return;
    this.subMs.set(name, (this.subMs.get(name) ?? 0) + ms);
    this.subCounts.set(name, (this.subCounts.get(name) ?? 0) + 1);
  }

  /** An LP solve in the current round: how many jobs it had and how long HiGHS took. */
  noteSolve(jobs: number, solveMs: number): void {
    if (!this.enabled) return;
    this.reserve();
    this.lpJobs[this.rounds] = jobs;
    this.lpSolveMs[this.rounds] = solveMs;
  }

  /** One round's wall time, and the part of it the policy's allocation took. */
  endRound(roundMs: number, policyMs: number): void {
    if (!this.enabled) return;
    this.reserve();
    this.roundNoPolicy[this.rounds] = roundMs - policyMs;
    this.roundWithPolicy[this.rounds++] = roundMs;
  }

  /** Room for the current round in every per-round column. */
  private reserve(): void {
    if (this.rounds < this.roundNoPolicy.length) return;
    this.roundNoPolicy = grow(this.roundNoPolicy);
    this.roundWithPolicy = grow(this.roundWithPolicy);
    this.lpJobs = grow(this.lpJobs, Number.NaN);
    this.lpSolveMs = grow(this.lpSolveMs, Number.NaN);
  }

  /** The per-round columns of profile.csv, one entry per round of rounds.csv; undefined unprofiled. */
  roundTable(): ProfileRounds | undefined {
    if (!this.enabled) return undefined;
    const n = this.rounds;
    const wallMs = this.roundWithPolicy.slice(0, n);
    const policyMs = wallMs.map((wall, r) => wall - this.roundNoPolicy[r]!);
    return { wallMs, policyMs, lpJobs: this.lpJobs.slice(0, n), lpSolveMs: this.lpSolveMs.slice(0, n) };
  }

  phaseMs(phase: Phase): number {
    return this.ms[PHASE_INDEX[phase]]!;
  }

  report(wallSeconds: number, roundCount: number): ProfileReport {
    if (!this.enabled)
      return {
        enabled: false,
        wallSeconds,
        rounds: roundCount,
        phases: [],
        roundMs: null,
        roundMsWithPolicy: null,
      };
    const rounds = Math.max(this.rounds, 1);
    const row = (name: string, ms: number, count: number, parent?: string): PhaseReport => ({
      name,
      ...(parent ? { parent } : {}),
      seconds: ms / 1000,
      percent: wallSeconds > 0 ? (100 * ms) / 1000 / wallSeconds : 0,
      count,
      msPerRound: ms / rounds,
    });
    const phases: PhaseReport[] = [];
    PHASES.forEach((phase, index) => {
      phases.push(row(phase, this.ms[index]!, this.counts[index]!));
      for (const [sub, parent] of Object.entries(SUB_PHASES) as [SubPhase, string][]) {
        if (parent === phase && this.subMs.has(sub))
          phases.push(row(sub, this.subMs.get(sub)!, this.subCounts.get(sub)!, parent));
      }
    });
    return {
      enabled: true,
      wallSeconds,
      rounds: this.rounds,
      phases,
      roundMs: roundStats(this.roundNoPolicy.subarray(0, this.rounds)),
      roundMsWithPolicy: roundStats(this.roundWithPolicy.subarray(0, this.rounds)),
    };
  }
}

function grow(values: Float64Array<ArrayBuffer>, fill = 0): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(values.length * 2).fill(fill);
  grown.set(values);
  return grown;
}

function roundStats(values: Float64Array): RoundStats {
  const sorted = values.slice().sort();
  const pick = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;
  return { median: pick(0.5), p95: pick(0.95), max: sorted.length ? sorted[sorted.length - 1]! : 0 };
}

/** The readable table printed after the PROFILE line. */
export function formatProfileTable(report: ProfileReport): string {
  const roundMs = report.roundMs ?? { median: Number.NaN, p95: Number.NaN };
  const withPolicy = report.roundMsWithPolicy ?? { median: Number.NaN, p95: Number.NaN };
  const lines = [
    `profile: ${report.rounds} rounds in ${report.wallSeconds.toFixed(3)} s; round median ${withPolicy.median.toFixed(3)} ms (p95 ${withPolicy.p95.toFixed(3)}), without policy median ${roundMs.median.toFixed(3)} ms (p95 ${roundMs.p95.toFixed(3)})`,
    `${'phase'.padEnd(30)}${'seconds'.padStart(10)}${'share'.padStart(9)}${'ms/round'.padStart(11)}${'count'.padStart(9)}`,
  ];
  for (const phase of report.phases) {
    const name = phase.parent ? `  ${phase.name}` : phase.name;
    lines.push(
      `${name.padEnd(30)}${phase.seconds.toFixed(3).padStart(10)}${`${phase.percent.toFixed(1)}%`.padStart(9)}${phase.msPerRound.toFixed(3).padStart(11)}${String(phase.count).padStart(9)}`,
    );
  }
  return lines.join('\n');
}
