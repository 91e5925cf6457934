import { describe, expect, it } from 'vitest';
import {
  type RunHeader,
  type RunJobTable,
  RunRecorder,
  readRunFile,
  synthesizeRun,
} from '../src/format/index.ts';

function smallHeader(): RunHeader {
  return {
    config: { policy: 'fifo', placement: 'first-fit', preset: 'tiny', seed: 7 },
    gpuTypes: ['v100', 'k80'],
    nodes: [
      { type: 0, gpus: 2 },
      { type: 1, gpus: 3 },
    ],
    metricNames: ['time', 'utilization', 'avg_jct'],
  };
}

function jobTable(n: number): RunJobTable {
  return {
    id: Int32Array.from({ length: n }, (_, i) => 100 + i),
    jobType: Array.from({ length: n }, (_, i) => (i % 2 ? 'A3C' : 'ResNet-18 (batch size 64)')),
    scaleFactor: Int32Array.from({ length: n }, (_, i) => 1 + (i % 2)),
    arrival: Float64Array.from({ length: n }, (_, i) => i * 10.5),
    start: Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? Number.NaN : i * 11)),
    finish: Float64Array.from({ length: n }, (_, i) => (i >= n - 2 ? Number.NaN : i * 30)),
    priorityWeight: Float64Array.from({ length: n }, (_, i) => 1 + i / 4),
  };
}

describe('run file round trip', () => {
  it('returns exactly what was recorded, for every round', () => {
    const owners = [
      [0, 0, -1, -1, -1],
      [0, 0, 1, 1, -1],
      [-1, 2, 1, 1, 3],
      [-1, 2, 1, 1, 3],
      [3, 3, -1, -1, -1],
    ];
    const recorder = new RunRecorder(smallHeader());
    owners.forEach((o, r) => {
      recorder.recordRound(
        r * 360,
        Int32Array.from(o),
        Float64Array.from([r * 360, r / 10, r ? r * 2 : Number.NaN]),
      );
    });
    const jobs = jobTable(4);
    const file = readRunFile(recorder.finish(jobs));

    expect(file.version).toBe(1);
    expect(file.header).toEqual(smallHeader());
    expect(file.roundCount).toBe(5);
    expect([...file.roundTimes]).toEqual([0, 360, 720, 1080, 1440]);
    expect([...file.metric('utilization')!]).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(file.metric('avg_jct')![0]).toBeNaN();
    expect(file.metric('nope')).toBeUndefined();
    for (const [r, o] of owners.entries()) expect([...file.ownersAt(r)]).toEqual(o);
    // Only changes are stored: 5 first intervals + 2 + 3 + 0 + 5 changes.
    expect(file.intervalCount).toBe(15);

    expect([...file.jobs.id]).toEqual([...jobs.id]);
    expect(file.jobs.jobType).toEqual(jobs.jobType);
    expect([...file.jobs.scaleFactor]).toEqual([...jobs.scaleFactor]);
    expect([...file.jobs.arrival]).toEqual([...jobs.arrival]);
    expect([...file.jobs.start]).toEqual([...jobs.start]);
    expect([...file.jobs.finish]).toEqual([...jobs.finish]);
    expect([...file.jobs.priorityWeight]).toEqual([...jobs.priorityWeight]);
    expect([...file.gpuType]).toEqual([0, 0, 1, 1, 1]);
    expect([...file.gpuNode]).toEqual([0, 0, 1, 1, 1]);

    expect(file.jobRounds(1)).toEqual([
      { round: 1, type: 1 },
      { round: 2, type: 1 },
      { round: 3, type: 1 },
    ]);
    expect(file.jobRounds(3)).toEqual([
      { round: 2, type: 1 },
      { round: 3, type: 1 },
      { round: 4, type: 0 },
    ]);
    expect(file.jobRounds(0).map((x) => x.round)).toEqual([0, 1]);
    expect(() => file.ownersAt(5)).toThrow(RangeError);
  });

  it('reads a run that recorded no rounds', () => {
    const file = readRunFile(new RunRecorder(smallHeader()).finish(jobTable(0)));
    expect(file.roundCount).toBe(0);
    expect(file.jobs.id.length).toBe(0);
  });

  it('uses 4-byte start rounds past 65,535 rounds and still reconstructs any round', () => {
    const header: RunHeader = { config: {}, gpuTypes: ['a'], nodes: [{ type: 0, gpus: 2 }], metricNames: [] };
    const recorder = new RunRecorder(header);
    const owner = new Int32Array(2);
    const rounds = 70_000;
    for (let r = 0; r < rounds; r++) {
      owner[0] = Math.floor(r / 1000) % 3 === 0 ? -1 : 0;
      owner[1] = r % 7 === 0 ? 1 : -1;
      recorder.recordRound(r, owner, new Float64Array(0));
    }
    const file = readRunFile(recorder.finish(jobTable(2)));
    expect(file.data.allocStart).toBeInstanceOf(Uint32Array);
    for (const r of [0, 999, 1000, 3000, 65_535, 65_536, 69_999]) {
      expect([...file.ownersAt(r)]).toEqual([Math.floor(r / 1000) % 3 === 0 ? -1 : 0, r % 7 === 0 ? 1 : -1]);
    }
  });

  it('matches every round of a seeded synthetic run, read from an unaligned copy', () => {
    const recorded: Int32Array[] = [];
    const run = synthesizeRun({
      preset: 'philly',
      rounds: 120,
      jobs: 150,
      seed: 11,
      onRound: (_, o) => recorded.push(o.slice()),
    });
    const shifted = new Uint8Array(run.bytes.length + 3);
    shifted.set(run.bytes, 3);
    const file = readRunFile(shifted.subarray(3));
    const out = new Int32Array(file.gpuCount);
    for (let r = 0; r < run.roundCount; r++) expect(file.ownersAt(r, out)).toEqual(recorded[r]);
    for (let m = 0; m < run.header.metricNames.length; m++) {
      const column = file.metric(run.header.metricNames[m]!)!;
      for (let r = 0; r < run.roundCount; r++)
        expect(column[r]).toEqual(run.metrics[r * run.header.metricNames.length + m]);
    }
    // jobRounds agrees with the recorded owners.
    const job = 17;
    const expected = recorded.flatMap((o, round) => {
      const g = o.indexOf(job);
      return g >= 0 ? [{ round, type: file.gpuType[g]! }] : [];
    });
    expect(file.jobRounds(job)).toEqual(expected);
  });

  it('rejects bad input to the recorder', () => {
    const recorder = new RunRecorder(smallHeader());
    expect(() => recorder.recordRound(0, new Int32Array(4), new Float64Array(3))).toThrow(/expected 5 GPUs/);
    expect(() => recorder.recordRound(0, new Int32Array(5), new Float64Array(2))).toThrow(/expected 3/);
    recorder.recordRound(0, Int32Array.from([0, 5, -1, -1, -1]), new Float64Array(3));
    expect(() => recorder.finish(jobTable(3))).toThrow(/job index 5/);
    expect(() => new RunRecorder({ ...smallHeader(), nodes: [{ type: 2, gpus: 1 }] })).toThrow(
      /index into gpuTypes/,
    );
  });
});
