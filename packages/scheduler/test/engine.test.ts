import { createLogger, type Logger } from 'kit';
import { describe, expect, it } from 'vitest';
import { WindowJctBound } from '../src/engine/end-reason.ts';
import { readRunFile } from '../src/format/index.ts';
import { type RunOptionsInput, type RunResult, runSimulation } from '../src/index.ts';
import { describeShared } from './helpers.ts';

/** The invariants of the issue, checked on every round through the run file. */
function checkInvariants(result: RunResult): void {
  const run = readRunFile(result.runFile);
  const { jobs } = result;
  const jobCount = jobs.id.length;
  const gpus = run.gpuCount;
  const owners = new Int32Array(gpus);
  const held = new Int32Array(jobCount);
  const heldType = new Int32Array(jobCount);
  const utilization = run.metric('utilization')!;
  const running = run.metric('running')!;
  expect(run.roundCount).toBe(result.rounds.count);
  for (let r = 0; r < run.roundCount; r++) {
    run.ownersAt(r, owners);
    held.fill(0);
    heldType.fill(-1);
    let busy = 0;
    for (let g = 0; g < gpus; g++) {
      const j = owners[g]!;
      if (j < 0) continue;
      busy++;
      held[j]!++;
      // All of a job's GPUs are of one type.
      if (heldType[j] === -1) heldType[j] = run.gpuType[g]!;
      else expect(run.gpuType[g]).toBe(heldType[j]);
    }
    let holding = 0;
    for (let j = 0; j < jobCount; j++) {
      if (held[j] === 0) continue;
      holding++;
      // 0 or exactly scale-factor GPUs: a GPU shared by two jobs would leave one of them short.
      if (held[j] !== jobs.scaleFactor[j])
        expect.fail(`round ${r}: job ${j} holds ${held[j]} GPUs, needs ${jobs.scaleFactor[j]}`);
      expect(run.roundTimes[r]).toBeGreaterThanOrEqual(jobs.arrival[j]!);
    }
    expect(holding).toBe(running[r]);
    expect(utilization[r]).toBeLessThanOrEqual(1);
    expect(utilization[r]).toBeCloseTo(busy / gpus, 12);
  }
  for (let j = 0; j < jobCount; j++) {
    if (Number.isNaN(jobs.finish[j]!)) {
      expect(jobs.stepsDone[j]).toBeLessThan(jobs.totalSteps[j]!);
      continue;
    }
    expect(jobs.stepsDone[j]).toBe(jobs.totalSteps[j]);
    expect(jobs.jct[j]).toBeGreaterThanOrEqual(jobs.isolatedTime[j]! * (1 - 1e-9));
    expect(jobs.start[j]).toBeGreaterThanOrEqual(jobs.arrival[j]!);
  }
}

const philly: RunOptionsInput = { preset: 'philly', numJobs: 80, jobsPerHour: 8, seed: 3 };

describe('seeded runs on the philly preset', () => {
  for (const [policy, placement] of [
    ['fifo', 'first-fit'],
    ['fifo', 'fgd'],
    ['isolated', 'best-fit'],
    ['isolated', 'random'],
    ['max-min-fairness', 'fgd'],
  ] as const) {
    it(`${policy} with ${placement} keeps every invariant and finishes all jobs`, async () => {
      const result = await runSimulation({ ...philly, policy, placement });
      expect(result.summary.endReason).toBe('completed');
      expect(result.summary.metrics.jobsCompleted).toBe(80);
      expect(
        Math.max(...result.rounds.values.filter((_, i) => i % result.rounds.names.length === 3)),
      ).toBeGreaterThan(0);
      checkInvariants(result);
    });
  }

  it('never formats debug lines when debug is off, and logs EVENT and TELEMETRY at info', async () => {
    const lines: string[] = [];
    const logger: Logger = {
      ...createLogger({ level: 'info', write: (line) => lines.push(line) }),
      debug: () => expect.fail('debug() called with debug off'),
    };
    const result = await runSimulation({ ...philly, numJobs: 10 }, { logger });
    expect(lines.filter((line) => line.startsWith('TELEMETRY '))).toHaveLength(result.rounds.count);
    expect(lines.filter((line) => line.startsWith('EVENT {"event":"arrival"'))).toHaveLength(10);
    expect(lines.filter((line) => line.startsWith('EVENT {"event":"completion"'))).toHaveLength(10);
  });

  it('is deterministic for a seed', async () => {
    const options = { ...philly, placement: 'random' as const, policy: 'isolated' as const, numJobs: 30 };
    const a = await runSimulation(options);
    const b = await runSimulation(options);
    const c = await runSimulation({ ...options, seed: 4 });
    expect(a.jobs).toEqual(b.jobs);
    expect(a.rounds).toEqual(b.rounds);
    expect(a.summary.metrics).toEqual(b.summary.metrics);
    expect(a.jobs.totalSteps).not.toEqual(c.jobs.totalSteps);
  });

  it('lets new jobs wait for the next reallocation when an interval is set', async () => {
    const eager = await runSimulation({ ...philly, numJobs: 40, minReallocationInterval: 0 });
    const lazy = await runSimulation({ ...philly, numJobs: 40, minReallocationInterval: 1920 });
    checkInvariants(lazy);
    expect(lazy.summary.metrics.reallocations).toBeLessThan(eager.summary.metrics.reallocations);
    // Job 1 arrives after the first allocation, so it waits at least until the interval has passed.
    const waits = Array.from(lazy.jobs.start, (start, j) => start - lazy.jobs.arrival[j]!);
    expect(Math.max(...waits)).toBeGreaterThan(0);
    expect(lazy.summary.metrics.avgJct!).toBeGreaterThanOrEqual(eager.summary.metrics.avgJct! * 0.9);
  });

  it('ends a steady-state run when the window completes', async () => {
    const result = await runSimulation({ preset: 'philly', window: '20:40', jobsPerHour: 1.5, seed: 1 });
    expect(result.summary.endReason).toBe('window');
    const inWindow = Array.from(result.jobs.id).filter((id) => id >= 20 && id < 40);
    expect(inWindow).toHaveLength(20);
    result.jobs.id.forEach((id, j) => {
      if (id >= 20 && id < 40) expect(Number.isNaN(result.jobs.finish[j]!)).toBe(false);
    });
    expect(result.summary.metrics.windowJobsCompleted).toBe(20);
    checkInvariants(result);
  });

  it('detects saturation when arrivals outrun the cluster', async () => {
    const result = await runSimulation({
      preset: 'philly',
      window: '4000:5000',
      jobsPerHour: 40,
      roundDuration: 600,
      maxSimTime: 3600 * 24 * 60,
    });
    expect(result.summary.endReason).toBe('saturated');
  });

  // A steady-state run whose window finishes in seconds: the base of the cut-off tests.
  const windowRun = {
    preset: 'philly',
    window: '30:60',
    jobsPerHour: 3,
    seed: 2,
    policy: 'max-min-fairness',
  } as const;

  it('cuts a run off exactly when its window average JCT can no longer stay under --max-window-jct', async () => {
    const base = windowRun;
    const full = await runSimulation(base);
    expect(full.summary.endReason).toBe('window');
    const average = full.summary.metrics.avgJct!;
    // A limit above the run's own average never fires, and changes nothing.
    const above = await runSimulation({ ...base, maxWindowJct: average * 1.001 });
    expect(above.summary.endReason).toBe('window');
    expect(above.summary.metrics.avgJct).toBe(average);
    // A limit below it fires, earlier than the run would have ended.
    const below = await runSimulation({ ...base, maxWindowJct: average * 0.8 });
    expect(below.summary.endReason).toBe('jct-cutoff');
    expect(below.summary.simulatedSeconds).toBeLessThan(full.summary.simulatedSeconds);
    checkInvariants(below);
    await expect(runSimulation({ preset: 'philly', numJobs: 5, maxWindowJct: 10 })).rejects.toThrow(
      /--max-window-jct: needs window/,
    );
  });

  it('ends a window still unfinished --window-deadline after its last arrival, with a true lower bound', async () => {
    const base = windowRun;
    const full = await runSimulation(base);
    const { id, arrival, finish } = full.jobs;
    const inWindow = [...id.keys()].filter((j) => id[j]! >= 30 && id[j]! < 60);
    const lastArrival = Math.max(...inWindow.map((j) => arrival[j]!));
    const lastFinish = Math.max(...inWindow.map((j) => finish[j]!));
    expect(full.summary.metrics.windowJctLowerBound).toBeNull();
    // A deadline past the window's last completion changes nothing.
    const late = await runSimulation({ ...base, windowDeadline: lastFinish - lastArrival + 3600 });
    expect(late.summary.endReason).toBe('window');
    expect(late.summary.metrics.avgJct).toBe(full.summary.metrics.avgJct);
    // One before it ends the run at the first round end past it, and the bound it records is no
    // more than the average the full run reached.
    const deadline = (lastFinish - lastArrival) / 2;
    const cut = await runSimulation({ ...base, windowDeadline: deadline });
    expect(cut.summary.endReason).toBe('window-deadline');
    expect(cut.summary.simulatedSeconds).toBeGreaterThanOrEqual(lastArrival + deadline);
    expect(cut.summary.simulatedSeconds).toBeLessThan(lastArrival + deadline + 360 + 1e-6);
    const bound = cut.summary.metrics.windowJctLowerBound!;
    expect(bound).toBeGreaterThan(0);
    expect(bound).toBeLessThanOrEqual(full.summary.metrics.avgJct! + 1e-6);
    checkInvariants(cut);
    await expect(runSimulation({ preset: 'philly', numJobs: 5, windowDeadline: 10 })).rejects.toThrow(
      /--window-deadline: needs window/,
    );
  });

  it("gives the progress policies each job's steps left and age, so finish-time fairness and makespan run", async () => {
    for (const policy of [
      'finish-time-fairness',
      'finish-time-fairness-agnostic',
      'min-total-duration',
    ] as const) {
      const result = await runSimulation({ preset: 'philly', numJobs: 30, jobsPerHour: 4, seed: 3, policy });
      expect(result.summary.endReason).toBe('completed');
      expect(result.summary.metrics.policyFallbacks).toBe(0);
      checkInvariants(result);
    }
  });

  it('stops at the simulated and wall-clock limits', async () => {
    const sim = await runSimulation({ preset: 'philly', window: '10:20', jobsPerHour: 20, maxSimTime: 3600 });
    expect(sim.summary.endReason).toBe('max-sim-time');
    // Rounds last up to 360 s (until their last micro-task ends): every round that starts before
    // the limit runs, and the run ends at the first round end past it.
    const times = sim.rounds.values.filter((_, i) => i % sim.rounds.names.length === 0);
    expect(times.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...times)).toBeLessThan(3600);
    expect(sim.summary.simulatedSeconds).toBeGreaterThanOrEqual(3600);
    expect(sim.summary.simulatedSeconds).toBeLessThanOrEqual(3600 + 360);
    const wall = await runSimulation({
      preset: 'philly',
      window: '10:20',
      jobsPerHour: 20,
      maxWallTime: 0.001,
    });
    expect(wall.summary.endReason).toBe('max-wall-time');
    const controller = new AbortController();
    controller.abort();
    const aborted = await runSimulation({ preset: 'philly', window: '10:20' }, { signal: controller.signal });
    expect(aborted.summary.endReason).toBe('aborted');
  });
});

describe('a short seeded run on the alibaba preset', () => {
  it('keeps every invariant under contention with fgd placement', async () => {
    const result = await runSimulation({
      preset: 'alibaba',
      window: '1000:2000',
      jobsPerHour: 3000,
      roundDuration: 600,
      placement: 'fgd',
      maxSimTime: 600 * 12,
      seed: 5,
    });
    expect(result.summary.endReason).toBe('max-sim-time');
    const queued = result.rounds.values[(result.rounds.count - 1) * result.rounds.names.length + 3]!;
    expect(queued).toBeGreaterThan(0);
    checkInvariants(result);
  });
});

describeShared('max_min_fairness.trace', 'a Gavel trace run (shared file)', (path) => {
  it('finishes all 96 jobs with fifo', async () => {
    const result = await runSimulation({ trace: path, placement: 'best-fit' });
    expect(result.summary.endReason).toBe('completed');
    expect(result.summary.metrics.jobsCompleted).toBe(96);
    checkInvariants(result);
  });
});

describeShared('openb_pod_list_gpuspec33.csv', 'an openb pod-list run (shared file)', (path) => {
  it('runs constrained pods only on their allowed types', async () => {
    const result = await runSimulation({
      preset: 'alibaba',
      podList: path,
      placement: 'fgd',
      maxSimTime: 3 * 86400,
      roundDuration: 600,
    });
    expect(result.summary.workload.skipped.cpuOnlyPods).toBeGreaterThan(0);
    checkInvariants(result);
  });
});

describe('WindowJctBound', () => {
  it('counts finished jobs at their JCT, waiting ones at their age plus their work left, later ones at 0', () => {
    const bound = new WindowJctBound({ first: 10, last: 14 }, 100);
    bound.arrived(9, 0, 1e6); // outside the window
    bound.arrived(10, 0, 30);
    bound.arrived(11, 50, 40);
    expect(bound.lowerBound(100)).toBeCloseTo((100 + 30 + 50 + 40) / 4, 12);
    bound.progressed(11, 25);
    bound.progressed(9, 1e6);
    expect(bound.lowerBound(100)).toBeCloseTo((100 + 30 + 50 + 15) / 4, 12);
    // Work done never goes below none left.
    bound.progressed(11, 1000);
    bound.finished(10, 0, 120);
    bound.finished(9, 0, 1e6);
    expect(bound.lowerBound(200)).toBeCloseTo((120 + 150) / 4, 12);
    expect(bound.exceeded(300)).toBe(false); // (120 + 250) / 4 = 92.5
    expect(bound.exceeded(400)).toBe(true); // (120 + 350) / 4 = 117.5
  });
});
