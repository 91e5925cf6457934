import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLpScaling } from '../src/experiments.ts';
import { loadResults, variantOf } from '../src/load.ts';

const PROFILE = { enabled: true, wallSeconds: 1, rounds: 2, phases: [] };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gpu-scheduling-load-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeRun(
  name: string,
  files: { summary?: unknown; rounds?: string; jobs?: string; profile?: string },
) {
  await mkdir(join(dir, name), { recursive: true });
  const summary = files.summary ?? {
    config: {
      policy: 'max-min-fairness',
      migrationPenalty: 0.5,
      placement: 'fgd',
      seed: 2,
      preset: 'philly',
    },
    cluster: { name: 'philly', gpus: 108 },
    endReason: 'completed',
    simulatedSeconds: 720,
    metrics: { utilization: 0.5, avgFragmentationRate: 0.1, jobsArrived: 2, reallocations: 1 },
    profile: PROFILE,
  };
  await writeFile(join(dir, name, 'summary.json'), JSON.stringify(summary));
  await writeFile(
    join(dir, name, 'rounds.csv'),
    files.rounds ?? 'round,time,utilization,running,queued\n0,0,0.5,1,1\n1,360,0.5,2,0\n',
  );
  await writeFile(join(dir, name, 'jobs.csv'), files.jobs ?? 'id,arrival,start,jct\n0,0,20,100\n1,300,,\n');
  await writeFile(
    join(dir, name, 'profile.csv'),
    files.profile ?? 'round,wall_ms,policy_ms,lp_jobs,lp_solve_ms\n0,2.5,2,2,1.5\n1,0.5,0,,\n',
  );
}

describe('loadResults', () => {
  it('labels runs from their own configuration and skips unfinished jobs', async () => {
    await writeFile(join(dir, 'summary.csv'), 'index,name,state\n0,a,done\n1,b,failed\n');
    await writeRun('a', {});
    const { runs, missing } = await loadResults(dir);
    expect(missing).toEqual([{ name: 'b', state: 'failed' }]);
    expect(runs[0]).toMatchObject({
      scale: 'philly',
      variant: 'mmf-penalty',
      placement: 'fgd',
      seed: 2,
      jct: [100],
    });
    expect(runs[0]!.rounds.active).toEqual([2, 2]);
    expect(runs[0]!.timing).toEqual({
      wallMs: [2.5, 0.5],
      reset: [true, false],
      solves: [{ jobs: 2, ms: 1.5 }],
    });
    // Job 1 never started: it waits from its arrival (300 s) to the run's end (720 s).
    expect(runs[0]!.waits).toEqual({ longest: 420, neverStarted: 1 });
    expect(runs[0]!.capacities).toEqual({ v100: 36, p100: 36, k80: 36 });
    expect(runs[0]!.wallRepeats).toEqual([1]);
  });

  it('gives two runs the same schedule digest only when their jobs.csv is the same', async () => {
    await writeFile(join(dir, 'summary.csv'), 'index,name,state\n0,a,done\n1,b,done\n2,c,done\n');
    await writeRun('a', {});
    await writeRun('b', {});
    await writeRun('c', { jobs: 'id,arrival,start,jct\n0,0,20,101\n1,300,,\n' });
    const [a, b, c] = (await loadResults(dir)).runs;
    expect(a!.scheduleDigest).toBe(b!.scheduleDigest);
    expect(c!.scheduleDigest).not.toBe(a!.scheduleDigest);
  });

  it('refuses a profile.csv whose reallocating rounds do not match the run', async () => {
    await writeFile(join(dir, 'summary.csv'), 'index,name,state\n0,a,done\n');
    await writeRun('a', {
      profile: 'round,wall_ms,policy_ms,lp_jobs,lp_solve_ms\n0,2.5,2,2,1.5\n1,0.5,0.1,,\n',
    });
    await expect(loadResults(dir)).rejects.toThrow(
      /profile\.csv: policy_ms: expected 1 rounds with policy time \(the run's reallocations\), got 2/,
    );
  });

  it("reads every repeat's wall time, and refuses a kept repeat that is not the run's own", async () => {
    await writeFile(join(dir, 'summary.csv'), 'index,name,state\n0,a,done\n');
    await writeRun('a', {});
    await writeFile(
      join(dir, 'repeats.csv'),
      'name,repeat,wall_seconds,kept\na,1,1.4,false\na,2,1,true\na,3,0.8,false\n',
    );
    expect((await loadResults(dir)).runs[0]!.wallRepeats).toEqual([1.4, 1, 0.8]);
    await writeFile(join(dir, 'repeats.csv'), 'name,repeat,wall_seconds,kept\na,1,1.4,true\na,2,1,false\n');
    await expect(loadResults(dir)).rejects.toThrow(
      /repeats\.csv: a: expected the kept repeat to be the run's own wall time \(1 s\), got 1\.4 s/,
    );
    await writeFile(join(dir, 'repeats.csv'), 'name,repeat,wall_seconds,kept\na,1,slow,true\n');
    await expect(loadResults(dir)).rejects.toThrow(/repeats\.csv:2: wall_seconds: expected a number >= 0/);
  });

  it('refuses a profile.csv that does not line up with rounds.csv, or has a bad number', async () => {
    await writeFile(join(dir, 'summary.csv'), 'index,name,state\n0,a,done\n');
    await writeRun('a', { profile: 'round,wall_ms,policy_ms,lp_jobs,lp_solve_ms\n0,2.5,2,,\n' });
    await expect(loadResults(dir)).rejects.toThrow(
      /profile\.csv: expected one row per round of rounds\.csv \(2\), got 1/,
    );
    await writeRun('a', { profile: 'round,wall_ms,policy_ms,lp_jobs,lp_solve_ms\n0,2.5,2,,\n1,fast,0,,\n' });
    await expect(loadResults(dir)).rejects.toThrow(/profile\.csv:3: wall_ms: expected a number, got "fast"/);
  });

  it('names the file, line and column of a bad number', async () => {
    await writeFile(join(dir, 'summary.csv'), 'index,name,state\n0,a,done\n');
    await writeRun('a', { rounds: 'round,time,utilization,running,queued\n0,0,0.5,1,1\n1,360,lots,2,0\n' });
    await expect(loadResults(dir)).rejects.toThrow(
      /rounds\.csv:3: utilization: expected a number, got "lots"/,
    );
  });

  it('refuses a run that was not profiled, and a CSV without the columns it needs', async () => {
    await writeFile(join(dir, 'summary.csv'), 'index,name,state\n0,a,done\n');
    await writeRun('a', { summary: { config: {}, metrics: {}, profile: { ...PROFILE, enabled: false } } });
    await expect(loadResults(dir)).rejects.toThrow(/profile\.enabled: expected a profiled run/);
    await writeFile(join(dir, 'summary.csv'), 'index,name\n0,a\n');
    await expect(loadResults(dir)).rejects.toThrow(/summary\.csv:1: state: expected a column "state"/);
  });

  it('rejects negative or missing LP timings', async () => {
    const file = join(dir, 'lp.csv');
    await writeFile(file, 'jobs,allocation_ms,solve_ms\n50,3,2\n200,,4\n');
    await expect(readLpScaling(file)).rejects.toThrow(/lp\.csv:3: allocation_ms: expected a number >= 0/);
  });

  it('names the policy variants as the post does', () => {
    expect(variantOf('max-min-fairness', 0)).toBe('mmf');
    expect(variantOf('max-min-fairness', 0.5)).toBe('mmf-penalty');
    expect(variantOf('single-type', 0.5)).toBe('single-type');
  });
});
