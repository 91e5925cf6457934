import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type RunHeader, RunRecorder, readRunFile, synthesizeRun } from '../src/format/index.ts';
import { crc32 } from '../src/format/layout.ts';

const header: RunHeader = {
  config: { experiment: 'fgd-arrivals', policy: 'fgd', seed: 42 },
  gpuTypes: ['G2', 'T4'],
  nodes: [
    { type: 0, gpus: 2 },
    { type: 1, gpus: 2 },
  ],
  metricNames: ['allocated'],
};

function jobs(n: number) {
  return {
    id: Int32Array.from({ length: n }, (_, i) => i),
    jobType: Array.from({ length: n }, () => 'pod'),
    scaleFactor: new Int32Array(n).fill(1),
    arrival: new Float64Array(n),
    start: new Float64Array(n),
    finish: new Float64Array(n).fill(Number.NaN),
    priorityWeight: new Float64Array(n).fill(1),
  };
}

function sharedRun(): Uint8Array {
  const recorder = new RunRecorder(header);
  // Round 0: pod 0 takes 600 of GPU 2. Round 1: pod 1 joins with 400. Round 2: pod 2 holds GPU 0
  // whole. Round 3: pod 0 leaves GPU 2.
  const rounds: [number[], [number, [number, number][]][]][] = [
    [[-1, -1, 0, -1], [[2, [[0, 600]]]]],
    [
      [-1, -1, 0, -1],
      [
        [
          2,
          [
            [0, 600],
            [1, 400],
          ],
        ],
      ],
    ],
    [
      [2, -1, 0, -1],
      [
        [
          2,
          [
            [0, 600],
            [1, 400],
          ],
        ],
      ],
    ],
    [[2, -1, 1, -1], [[2, [[1, 400]]]]],
  ];
  rounds.forEach(([owner, shares], r) => {
    recorder.recordRound(r, Int32Array.from(owner), Float64Array.of(r), new Map(shares));
  });
  return recorder.finish(jobs(3));
}

describe('FRAC section (fractional GPU occupancy)', () => {
  it('round-trips several owners per GPU with their milli-GPU', () => {
    const run = readRunFile(sharedRun());
    expect(run.hasShares).toBe(true);
    expect([...run.sharedGpus]).toEqual([2]);
    const at = (round: number) => {
      const s = run.sharesAt(round);
      return [...s.gpus].map((gpu, i) => [
        gpu,
        [...s.owner.subarray(s.offsets[i], s.offsets[i + 1])],
        [...s.milli.subarray(s.offsets[i], s.offsets[i + 1])],
      ]);
    };
    expect(at(0)).toEqual([[2, [0], [600]]]);
    expect(at(1)).toEqual([[2, [0, 1], [600, 400]]]);
    expect(at(2)).toEqual([[2, [0, 1], [600, 400]]]);
    expect(at(3)).toEqual([[2, [1], [400]]]);
    // ALOC still says who holds each GPU, for readers that skip FRAC.
    expect([...run.ownersAt(2)]).toEqual([2, -1, 0, -1]);
  });

  it('records only changes, and an empty set when a GPU stops being shared', () => {
    const recorder = new RunRecorder(header);
    const owner = Int32Array.of(-1, -1, 0, -1);
    recorder.recordRound(0, owner, Float64Array.of(0), new Map([[2, [[0, 500]]]]));
    recorder.recordRound(1, owner, Float64Array.of(1), new Map([[2, [[0, 500]]]]));
    recorder.recordRound(2, Int32Array.of(-1, -1, -1, -1), Float64Array.of(2), new Map());
    const run = readRunFile(recorder.finish(jobs(1)));
    expect(run.data.shares!.start.length).toBe(2);
    expect(run.sharesAt(1).gpus.length).toBe(1);
    expect(run.sharesAt(2).gpus.length).toBe(0);
  });

  it('leaves files without sharing exactly as before (no FRAC section)', () => {
    const { bytes } = synthesizeRun({ preset: 'philly', rounds: 20, jobs: 40, seed: 3 });
    const run = readRunFile(bytes);
    expect(run.hasShares).toBe(false);
    expect(run.sharesAt(5).gpus.length).toBe(0);
    expect(new TextDecoder().decode(bytes).includes('FRAC')).toBe(false);
  });

  it('opens a run file written before the FRAC section existed', () => {
    // Committed by the gpu-scheduling project with the previous writer.
    const old = fileURLToPath(
      new URL('../../../projects/gpu-scheduling/data/runs/philly-mmf-fgd-s1/run.gpuviz', import.meta.url),
    );
    const run = readRunFile(readFileSync(old), { source: old });
    expect(run.roundCount).toBeGreaterThan(0);
    expect(run.hasShares).toBe(false);
    expect(run.sharedGpus.length).toBe(0);
  });

  it('refuses an overbooked GPU when recording', () => {
    const recorder = new RunRecorder(header);
    expect(() =>
      recorder.recordRound(
        0,
        Int32Array.of(-1, -1, 0, -1),
        Float64Array.of(0),
        new Map([
          [
            2,
            [
              [0, 700],
              [1, 400],
            ],
          ],
        ]),
      ),
    ).toThrow(/holds 1100 milli-GPU, more than 1000/);
  });

  it('names the FRAC section when its bytes are wrong', () => {
    const bytes = sharedRun();
    const text = new TextDecoder('latin1').decode(bytes);
    const at = text.indexOf('FRAC') + 8;
    const view = new DataView(bytes.buffer);
    view.setUint32(at, 9, true); // section version
    // END. is the last 16 bytes: tag, length, CRC-32 of everything before its tag, padding.
    view.setUint32(bytes.length - 8, crc32(bytes, bytes.length - 16), true);
    expect(() => readRunFile(bytes, { source: 'run.gpuviz' })).toThrow(
      /unsupported section version at byte \d+ \(FRAC section \(fractional GPU occupancy\)\): expected version 1, got 9/,
    );
  });
});
