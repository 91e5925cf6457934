import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../bin/gpusim.js', import.meta.url).pathname;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gpusim-mechanism-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gpusim run: the Gavel workload and the quirk flags', () => {
  it('passes every flag through to the run and records it in summary.json', async () => {
    const out = join(dir, 'gavel');
    const { stdout } = await run(process.execPath, [
      bin,
      'run',
      '--cluster',
      'v100=8,p100=8,k80=8',
      '--gpus-per-node',
      '1',
      '--workload',
      'gavel',
      '--multi-gpu',
      '--multi-priority',
      '--num-jobs',
      '12',
      '--jobs-per-hour',
      '6',
      '--policy',
      'max-min-fairness-agnostic',
      '--no-early-reset',
      '--no-idle-credit',
      '--no-forced-reset',
      '--unallocated-jobs',
      'hold',
      '--min-reallocation-interval',
      '600',
      '-q',
      '--out',
      out,
    ]);
    expect(stdout).toMatch(/^completed: 12\/12 jobs/);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.config).toMatchObject({
      workload: 'gavel',
      multiGpu: true,
      multiPriority: true,
      earlyReset: false,
      idleCredit: false,
      forcedReset: false,
      unallocatedJobs: 'hold',
      leftoverFill: true,
      minReallocationInterval: 600,
    });
    const rounds = (await readFile(join(out, 'rounds.csv'), 'utf8')).trim().split('\n');
    const header = rounds[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['round', 'time', 'duration']);
    // Rounds end with their last micro-task: never longer than the round duration, and the next
    // round starts no earlier than this one ends.
    const rows = rounds.slice(1).map((line) => line.split(',').map(Number));
    rows.forEach((row, r) => {
      expect(row[2]).toBeLessThanOrEqual(360 + 1e-9);
      if (r + 1 < rows.length) expect(rows[r + 1]![1]).toBeGreaterThanOrEqual(row[1]! + row[2]! - 1e-6);
    });
  });

  it('refuses a mode it does not know, naming the flag', async () => {
    const failed = await run(process.execPath, [bin, 'run', '--unallocated-jobs', 'grab']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(/--unallocated-jobs.*grab/);
  });
});
