import { describe, expect, it } from 'vitest';
import { type RunHeader, RunRecorder, readRunFile } from '../src/format/index.ts';

describe('run file size', () => {
  it('keeps a 6,212-GPU x 4,500-round run with steady churn far under 50 MB', () => {
    const gpus = 6212;
    const rounds = 4500;
    const header: RunHeader = {
      config: { preset: 'alibaba' },
      gpuTypes: ['g'],
      nodes: Array.from({ length: gpus / 4 }, () => ({ type: 0, gpus: 4 })),
      metricNames: ['time', 'utilization'],
    };
    const recorder = new RunRecorder(header);
    const owner = new Int32Array(gpus).fill(-1);
    const metrics = new Float64Array(2);
    let nextJob = 0;
    // 2% of GPUs change hands every round: 560k ownership changes in all.
    let seed = 1;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < gpus * 0.02; k++)
        owner[Math.floor(random() * gpus)] = random() < 0.3 ? -1 : nextJob++ % 45_000;
      metrics[0] = r * 600;
      recorder.recordRound(r * 600, owner, metrics);
    }
    const jobs = 45_000;
    const bytes = recorder.finish({
      id: new Int32Array(jobs),
      jobType: Array.from({ length: jobs }, () => 'A3C'),
      scaleFactor: new Int32Array(jobs).fill(1),
      arrival: new Float64Array(jobs),
      start: new Float64Array(jobs),
      finish: new Float64Array(jobs),
      priorityWeight: new Float64Array(jobs),
    });
    const file = readRunFile(bytes);
    // Cells would be 28M x 4 bytes = 112 MB; intervals cost 6 bytes per change.
    expect(bytes.length).toBeLessThan(50e6);
    expect(bytes.length).toBeLessThan(6 * file.intervalCount + 3e6);
    expect(file.intervalCount).toBeGreaterThan(400_000);
    expect([...file.ownersAt(rounds - 1)]).toEqual([...owner]);
  });
});
