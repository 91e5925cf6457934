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
    config: { policy: 'max-min-fairness', migrationPenalty: 0.5, placement: 'fgd', seed: 2 },
    cluster: { name: 'philly', gpus: 108 },
    endReason: 'completed',
    metrics: { utilization: 0.5, avgFragmentationRate: 0.1, jobsArrived: 2 },
    profile: PROFILE,
  };
  await writeFile(join(dir, name, 'summary.json'), JSON.stringify(summary));
  await writeFile(
    join(dir, name, 'rounds.csv'),
    files.rounds ?? 'round,time,utilization,running,queued\n0,0,0.5,1,1\n1,360,0.5,2,0\n',
  );
  await writeFile(join(dir, name, 'jobs.csv'), files.jobs ?? 'id,jct\n0,100\n1,\n');
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
    expect(runs[0]!.timing).toEqual({ wallMs: [2.5, 0.5], solves: [{ jobs: 2, ms: 1.5 }] });
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
