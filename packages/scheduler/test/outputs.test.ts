import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from 'kit';
import { afterAll, describe, expect, it } from 'vitest';
import { RunFileError, readRunFile } from '../src/format/index.ts';
import { metricNames, runOptionsSchema, runSimulation, writeRunOutputs } from '../src/index.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('writeRunOutputs', async () => {
  const result = await runSimulation({
    preset: 'philly',
    numJobs: 40,
    jobsPerHour: 6,
    placement: 'fgd',
    profile: true,
  });
  const dir = await mkdtemp(join(tmpdir(), 'gpusim-out-'));
  dirs.push(dir);
  await writeRunOutputs(dir, result);

  it('writes summary.json with config, seed, version, metrics in seconds, profile and end reason', async () => {
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
    expect(summary.endReason).toBe('completed');
    expect(summary.seed).toBe(0);
    expect(summary.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(summary.config.preset).toBe('philly');
    // The config round-trips through the schema: a sweep can rerun a summary's config.
    expect(runOptionsSchema.parse(summary.config)).toMatchObject({ numJobs: 40, placement: 'fgd' });
    const jcts = result.jobs.jct;
    expect(summary.metrics.avgJct).toBeCloseTo(jcts.reduce((a, b) => a + b, 0) / jcts.length, 6);
    expect(summary.metrics.makespan).toBeCloseTo(
      Math.max(...result.jobs.finish) - result.jobs.arrival[0]!,
      6,
    );
    const phases = summary.profile.phases.map((phase: { name: string }) => phase.name);
    expect(phases).toEqual(
      expect.arrayContaining(['job_arrivals', 'allocation', 'priorities', 'placement', 'exit_checks']),
    );
    // fifo solves no LP, so it has no build / solve / read rows to dilute.
    for (const sub of ['allocation_build', 'lp_solve', 'allocation_read']) expect(phases).not.toContain(sub);
    const withPolicy = summary.profile.roundMsWithPolicy;
    expect(withPolicy.median).toBeGreaterThanOrEqual(summary.profile.roundMs.median);
  });

  it('reports lp_solve time and count for an LP policy', async () => {
    const lp = await runSimulation({
      preset: 'philly',
      numJobs: 12,
      jobsPerHour: 6,
      policy: 'max-min-fairness',
      profile: true,
    });
    const solve = lp.summary.profile.phases.find((phase) => phase.name === 'lp_solve');
    expect(solve?.parent).toBe('allocation');
    expect(solve?.count).toBeGreaterThan(0);
    expect(solve?.count).toBe(
      lp.summary.profile.phases.find((phase) => phase.name === 'allocation_build')?.count,
    );
    // profile.csv names every solve in the round it happened, with the size of its LP.
    const table = lp.profileRounds!;
    expect(table.wallMs).toHaveLength(lp.rounds.count);
    const solveRounds = [...table.lpJobs.keys()].filter((r) => !Number.isNaN(table.lpJobs[r]!));
    expect(solveRounds).toHaveLength(solve!.count);
    const running = lp.rounds.names.indexOf('running');
    const queued = lp.rounds.names.indexOf('queued');
    for (const r of solveRounds) {
      expect(table.lpJobs[r]).toBeGreaterThan(0);
      expect(table.policyMs[r]).toBeGreaterThanOrEqual(table.lpSolveMs[r]!);
      // The LP holds the jobs that were active when it was built: at most those of its round.
      const width = lp.rounds.names.length;
      expect(table.lpJobs[r]).toBeLessThanOrEqual(
        lp.rounds.values[r * width + running]! + lp.rounds.values[r * width + queued]!,
      );
    }
  });

  it('writes jobs.csv with one row per job and empty cells for unfinished jobs', async () => {
    const { header, records } = parseCsv(await readFile(join(dir, 'jobs.csv'), 'utf8'));
    expect(header.slice(0, 3)).toEqual(['id', 'type', 'scale_factor']);
    expect(header).toEqual(expect.arrayContaining(['arrival', 'start', 'finish', 'jct']));
    expect(records).toHaveLength(40);
    for (const { values } of records)
      expect(Number(values.jct)).toBeCloseTo(Number(values.finish) - Number(values.arrival), 6);
  });

  it('writes profile.csv beside rounds.csv for a profiled run', async () => {
    const { header, records } = parseCsv(await readFile(join(dir, 'profile.csv'), 'utf8'));
    expect(header).toEqual(['round', 'wall_ms', 'policy_ms', 'lp_jobs', 'lp_solve_ms']);
    expect(records).toHaveLength(result.rounds.count);
    for (const { values } of records) {
      expect(Number(values.wall_ms)).toBeGreaterThanOrEqual(Number(values.policy_ms));
      expect(Number(values.policy_ms)).toBeGreaterThanOrEqual(0);
      expect(values.lp_jobs).toBe(''); // fifo solves no LP
    }
  });

  it('writes no profile.csv for a run that was not profiled', async () => {
    const plain = await runSimulation({ preset: 'philly', numJobs: 5, jobsPerHour: 6 });
    const plainDir = await mkdtemp(join(tmpdir(), 'gpusim-out-'));
    dirs.push(plainDir);
    await writeRunOutputs(plainDir, plain);
    await expect(readFile(join(plainDir, 'profile.csv'))).rejects.toThrow(/ENOENT/);
  });

  it('writes rounds.csv with the contract columns and utilization in [0, 1]', async () => {
    const { header, records } = parseCsv(await readFile(join(dir, 'rounds.csv'), 'utf8'));
    expect(header).toEqual(['round', ...metricNames(['v100', 'p100', 'k80'])]);
    expect(records).toHaveLength(result.rounds.count);
    for (const { values } of records) {
      expect(Number(values.utilization)).toBeGreaterThanOrEqual(0);
      expect(Number(values.utilization)).toBeLessThanOrEqual(1);
    }
  });

  it('writes a run file that reads back to the same rounds, metrics and jobs', async () => {
    const bytes = await readFile(join(dir, 'run.gpuviz'));
    const run = readRunFile(bytes);
    expect(run.roundCount).toBe(result.rounds.count);
    expect([...run.metric('utilization')!]).toEqual(
      Array.from(
        { length: result.rounds.count },
        (_, r) =>
          result.rounds.values[r * result.rounds.names.length + result.rounds.names.indexOf('utilization')],
      ),
    );
    expect([...run.jobs.id]).toEqual([...result.jobs.id]);
    expect(run.jobs.jobType).toEqual(result.jobs.jobType);
    expect(run.header.config.placement).toBe('fgd');
    expect(() => readRunFile(bytes.subarray(0, bytes.length - 10))).toThrow(RunFileError);
  });

  it('has no temp files left behind', async () => {
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(dir)).sort()).toEqual([
      'jobs.csv',
      'profile.csv',
      'rounds.csv',
      'run.gpuviz',
      'summary.json',
    ]);
  });
});

describe('run options', () => {
  it('rejects impossible combinations before the run, naming the flag', async () => {
    await expect(runSimulation({ preset: 'philly', cluster: 'v100=4' })).rejects.toThrow(
      '--cluster: cannot be combined with preset',
    );
    await expect(runSimulation({ numJobs: 5, window: '1:2' })).rejects.toThrow(
      '--window: cannot be combined with numJobs',
    );
    await expect(runSimulation({ window: '5:2' })).rejects.toThrow('--window: expected FIRST < LAST');
    await expect(runSimulation({ preset: 'nowhere' })).rejects.toThrow(
      '--preset: expected one of philly, alibaba, got "nowhere"',
    );
    await expect(runSimulation({ roundDuration: -1 })).rejects.toThrow('--round-duration');
    await expect(runSimulation({ cluster: 'tpu=8' })).rejects.toThrow(
      'expected a type with known throughputs',
    );
  });
});
