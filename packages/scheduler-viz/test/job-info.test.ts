import { metricNames } from 'scheduler';
import { RunRecorder, readRunFile } from 'scheduler/format';
import { describe, expect, it } from 'vitest';
import { jobTimes } from '../src/job-info.ts';

describe('a job’s running and queued time', () => {
  it('adds up the recorded length of every round it ran, which varies from round to round', () => {
    const names = metricNames(['v100']);
    const recorder = new RunRecorder({
      config: { roundDuration: 360 },
      gpuTypes: ['v100'],
      nodes: [{ type: 0, gpus: 1 }],
      metricNames: names,
    });
    const row = new Float64Array(names.length);
    const owner = new Int32Array(1);
    // Rounds of 300, 350 and 100 s; job 0 runs in the first and the third.
    const rounds = [
      { time: 0, duration: 300, owner: 0 },
      { time: 300, duration: 350, owner: -1 },
      { time: 650, duration: 100, owner: 0 },
      { time: 750, duration: 0, owner: -1 },
    ];
    for (const r of rounds) {
      row[names.indexOf('time')] = r.time;
      row[names.indexOf('duration')] = r.duration;
      owner[0] = r.owner;
      recorder.recordRound(r.time, owner, row);
    }
    const file = readRunFile(
      recorder.finish({
        id: Int32Array.of(0),
        jobType: ['ResNet-18 (batch size 16)'],
        scaleFactor: Int32Array.of(1),
        arrival: Float64Array.of(0),
        start: Float64Array.of(0),
        finish: Float64Array.of(750),
        priorityWeight: Float64Array.of(1),
      }),
    );
    expect(jobTimes(file, 0, 2, 360)).toEqual({ running: 300, queued: 350 });
    expect(jobTimes(file, 0, 3, 360)).toEqual({ running: 400, queued: 350 });
  });
});
