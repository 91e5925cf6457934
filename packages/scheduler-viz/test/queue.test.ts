import { RunRecorder, readRunFile, synthesizeRun } from 'scheduler/format';
import { describe, expect, it } from 'vitest';
import { ACTIVE_KEYFRAME_EVERY, deriveRun, roundAt } from '../src/derive.ts';
import { QueueScanner } from '../src/queue.ts';

// A busy small run: more demand than GPUs, so the queue is long and changes every round.
const run = synthesizeRun({
  preset: 'philly',
  rounds: 150,
  jobs: 900,
  churn: 0.1,
  seed: 9,
  config: { window: '300:500' },
});
const file = readRunFile(run.bytes);
const derived = deriveRun(file.data);

describe('derived per-run data', () => {
  it('finds the waiting jobs of every round like a full scan does, longest wait first', () => {
    const scanner = new QueueScanner(file.jobs.id.length);
    const owners = new Int32Array(file.gpuCount);
    let longest = 0;
    for (let r = 0; r < file.roundCount; r++) {
      file.ownersAt(r, owners);
      const running = new Set(owners);
      const t = file.roundTimes[r]!;
      const expected: number[] = [];
      for (let j = 0; j < file.jobs.id.length; j++) {
        if (file.jobs.arrival[j]! <= t && !(file.jobs.finish[j]! <= t) && !running.has(j)) expected.push(j);
      }
      const got = scanner.waiting(file, derived, owners, r, 10);
      expect(got.count, `round ${r}`).toBe(expected.length);
      expect(got.jobs).toEqual(expected.slice(0, 10));
      longest = Math.max(longest, expected.length);
    }
    expect(longest).toBeGreaterThan(50);
    expect(derived.activeOffsets.length).toBe(Math.ceil(file.roundCount / ACTIVE_KEYFRAME_EVERY) + 1);
  });

  it('computes the moving-average JCT and the measurement window from the job table', () => {
    const r = file.roundCount - 1;
    const done = [...file.jobs.finish.keys()]
      .filter((j) => file.jobs.finish[j]! <= file.roundTimes[r]!)
      .sort((a, b) => file.jobs.finish[a]! - file.jobs.finish[b]!)
      .slice(-100);
    const mean = done.reduce((s, j) => s + file.jobs.finish[j]! - file.jobs.arrival[j]!, 0) / done.length;
    expect(derived.movingAvgJct[r]).toBeCloseTo(mean, 6);
    expect(derived.jctSorted.length).toBe([...file.jobs.finish].filter(Number.isFinite).length);
    const window = derived.window!;
    expect(window.start).toBe(roundAt(file.roundTimes, file.jobs.arrival[300]!));
    expect(window.end).toBeGreaterThan(window.start);
  });
});

describe('derived data on a file whose jobs are not in arrival order', () => {
  it('still finds every waiting job', () => {
    const header = { config: {}, gpuTypes: ['a'], nodes: [{ type: 0, gpus: 1 }], metricNames: [] };
    const recorder = new RunRecorder(header);
    // Job 0 arrives last; job 1 holds the only GPU from round 2.
    const arrival = [250, 0, 50];
    for (let r = 0; r < 4; r++)
      recorder.recordRound(r * 100, Int32Array.from([r >= 2 ? 1 : -1]), new Float64Array(0));
    const bytes = recorder.finish({
      id: Int32Array.from([7, 8, 9]),
      jobType: ['x', 'x', 'x'],
      scaleFactor: Int32Array.from([1, 1, 1]),
      arrival: Float64Array.from(arrival),
      start: Float64Array.from([Number.NaN, 200, Number.NaN]),
      finish: Float64Array.from([Number.NaN, Number.NaN, Number.NaN]),
      priorityWeight: Float64Array.from([1, 1, 1]),
    });
    const unsorted = readRunFile(bytes);
    const d = deriveRun(unsorted.data);
    const scanner = new QueueScanner(3);
    const waitingAt = (r: number) => scanner.waiting(unsorted, d, unsorted.ownersAt(r), r, 10).jobs;
    expect(waitingAt(0)).toEqual([1]);
    expect(waitingAt(1)).toEqual([1, 2]);
    expect(waitingAt(2)).toEqual([2]);
    expect(waitingAt(3)).toEqual([0, 2]);
  });
});

describe('queue of a GPU-sharing run', () => {
  it('counts every holder of a shared GPU as running, and a started CPU-only pod too', () => {
    const recorder = new RunRecorder({
      config: { experiment: 'fgd-arrivals' },
      gpuTypes: ['T4'],
      nodes: [{ type: 0, gpus: 2 }],
      metricNames: [],
    });
    // Job 0 holds GPU 0 with 600 milli, job 1 shares it with 300; job 2 asks for no GPU and runs;
    // job 3 arrived and waits.
    recorder.recordRound(
      5,
      Int32Array.of(0, -1),
      new Float64Array(0),
      new Map([
        [
          0,
          [
            [0, 600],
            [1, 300],
          ],
        ],
      ]),
    );
    const shared = readRunFile(
      recorder.finish({
        id: Int32Array.of(0, 1, 2, 3),
        jobType: ['0.60 GPU (shared)', '0.30 GPU (shared)', 'CPU only', '1 GPU'],
        scaleFactor: Int32Array.of(1, 1, 0, 1),
        arrival: Float64Array.of(0, 1, 2, 3),
        start: Float64Array.of(0, 0, 0, Number.NaN),
        finish: Float64Array.of(Number.NaN, Number.NaN, Number.NaN, Number.NaN),
        priorityWeight: Float64Array.of(1, 1, 1, 1),
      }),
    );
    const scanner = new QueueScanner(4);
    const owners = shared.ownersAt(0);
    const waiting = scanner.waiting(shared, deriveRun(shared.data), owners, 0, 10, shared.sharesAt(0));
    expect(waiting).toEqual({ jobs: [3], count: 1 });
    // Without the shares, the second holder would look like it waits.
    expect(scanner.waiting(shared, deriveRun(shared.data), owners, 0, 10).jobs).toEqual([1, 3]);
  });
});
