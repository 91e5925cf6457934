import { describe, expect, it } from 'vitest';
import { arraySpec, sbatchScript } from '../src/sweep/sbatch-script.ts';
import {
  parseDelimitedTasks,
  parseSbatchJobId,
  parseScontrolTasks,
  taskIndices,
} from '../src/sweep/slurm-parse.ts';

describe('sbatch script', () => {
  const base = {
    sweepFile: '/data/grid.yaml',
    outDir: '/data/results dir',
    jobName: 'gpusim-grid',
    node: '/usr/bin/node',
    gpusimBin: '/repo/packages/scheduler/bin/gpusim.js',
  };

  it('compresses array indices into ranges with a parallel cap', () => {
    expect(arraySpec([0, 1, 2, 3])).toBe('0-3');
    expect(arraySpec([0, 1, 2, 3], 2)).toBe('0-3%2');
    expect(arraySpec([5, 1, 3, 4, 9])).toBe('1,3-5,9');
    expect(() => arraySpec([])).toThrow(/at least one/);
  });

  it('runs the repo bin on each task with absolute, quoted paths', () => {
    const script = sbatchScript({
      ...base,
      indices: [0, 1, 2, 3],
      maxParallel: 2,
      partition: 'gpu',
      time: '01:30:00',
    });
    const lines = script.split('\n');
    expect(lines[0]).toBe('#!/bin/bash');
    expect(lines).toContain('#SBATCH --array=0-3%2');
    expect(lines).toContain('#SBATCH --partition=gpu');
    expect(lines).toContain('#SBATCH --time=01:30:00');
    expect(lines).toContain('#SBATCH --chdir=/data/results dir');
    expect(lines).toContain('#SBATCH --output=/data/results dir/logs/slurm-%A_%a.out');
    expect(script).toContain(
      `exec /usr/bin/node /repo/packages/scheduler/bin/gpusim.js sweep task /data/grid.yaml --index "$SLURM_ARRAY_TASK_ID" --out '/data/results dir'`,
    );
    expect(sbatchScript({ ...base, indices: [2] })).not.toContain('--partition');
  });

  it('passes extra sbatch options through as directives, one option per line', () => {
    const script = sbatchScript({ ...base, indices: [0], extra: ['--account=lab', '--mem=2G'] });
    expect(script).toContain('#SBATCH --account=lab\n#SBATCH --mem=2G\n');
    expect(() => sbatchScript({ ...base, indices: [0], extra: ['--mem=2G\nrm -rf /'] })).toThrow(
      /--sbatch-arg: expected one sbatch option/,
    );
    expect(() => sbatchScript({ ...base, indices: [0], extra: ['account=lab'] })).toThrow(/--sbatch-arg/);
  });

  it('rejects a malformed time limit', () => {
    expect(() => sbatchScript({ ...base, indices: [0], time: '90 minutes' })).toThrow(
      /--time: expected HH:MM:SS/,
    );
  });
});

describe('parsing SLURM command output', () => {
  it('reads sbatch --parsable output', () => {
    expect(parseSbatchJobId('42\n')).toBe('42');
    expect(parseSbatchJobId('42;devlog\n')).toBe('42');
    expect(() => parseSbatchJobId('sbatch: error: Batch job submission failed')).toThrow(/expected a job id/);
  });

  it('expands array task ids, including pending remainders', () => {
    expect(taskIndices('12_3', '12')).toEqual([3]);
    expect(taskIndices('12_[4-6,9%2]', '12')).toEqual([4, 5, 6, 9]);
    expect(taskIndices('13_1', '12')).toEqual([]);
  });

  it('reads squeue and sacct rows', () => {
    const squeue = '7_2|RUNNING\n7_3|RUNNING\n7_[4-5%2]|PENDING\n';
    expect(parseDelimitedTasks(squeue, '7').map((task) => `${task.index}:${task.state}`)).toEqual([
      '2:RUNNING',
      '3:RUNNING',
      '4:PENDING',
      '5:PENDING',
    ]);
    const sacct = '7_0|COMPLETED|0:0\n7_0.batch|COMPLETED|0:0\n7_1|FAILED|1:0\n7_2|CANCELLED by 0|0:15\n';
    expect(parseDelimitedTasks(sacct, '7')).toEqual([
      { index: 0, state: 'COMPLETED', exitCode: '0:0' },
      { index: 1, state: 'FAILED', exitCode: '1:0' },
      { index: 2, state: 'CANCELLED', exitCode: '0:15' },
    ]);
  });

  it('reads scontrol show job -o lines, as Debian slurm 22.05 prints them', () => {
    const text = [
      'JobId=2 ArrayJobId=1 ArrayTaskId=0 ArrayTaskThrottle=2 JobName=wrap UserId=root(0) JobState=COMPLETED Reason=None Dependency=(null) ExitCode=0:0 RunTime=00:00:01',
      'JobId=4 ArrayJobId=1 ArrayTaskId=2 ArrayTaskThrottle=2 JobName=wrap UserId=root(0) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=1:0 RunTime=00:00:01',
      'JobId=1 ArrayJobId=1 ArrayTaskId=3-5%2 ArrayTaskThrottle=2 JobName=wrap UserId=root(0) JobState=PENDING Reason=JobArrayTaskLimit ExitCode=0:0',
    ].join('\n');
    expect(parseScontrolTasks(text)).toEqual([
      { index: 0, state: 'COMPLETED', exitCode: '0:0' },
      { index: 2, state: 'FAILED', exitCode: '1:0' },
      { index: 3, state: 'PENDING', exitCode: '0:0' },
      { index: 4, state: 'PENDING', exitCode: '0:0' },
      { index: 5, state: 'PENDING', exitCode: '0:0' },
    ]);
  });
});
