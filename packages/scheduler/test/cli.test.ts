import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../bin/gpusim.js', import.meta.url).pathname;
let dir = '';

async function gpusim(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gpusim-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gpusim CLI', () => {
  it('runs, writes the outputs, prints PROFILE and inspects the run file', async () => {
    const out = join(dir, 'out');
    const result = await gpusim(
      'run',
      '--num-jobs',
      '20',
      '--jobs-per-hour',
      '4',
      '--profile',
      '-q',
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^completed: 20\/20 jobs done/);
    expect(result.stderr).toMatch(/^PROFILE \{"enabled":true,"wallSeconds":/m);
    expect(result.stderr).not.toMatch(/TELEMETRY|EVENT/);
    expect((await readdir(out)).sort()).toEqual([
      'jobs.csv',
      'profile.csv',
      'rounds.csv',
      'run.gpuviz',
      'summary.json',
    ]);
    const inspect = await gpusim('inspect', join(out, 'run.gpuviz'));
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toMatch(/20 jobs, 108 GPUs on 27 nodes/);
    expect(inspect.stdout).toMatch(/^utilization_k80 /m);
  });

  it('prints TELEMETRY and EVENT lines at the default level', async () => {
    const result = await gpusim('run', '--num-jobs', '3');
    expect(result.stderr).toMatch(/^TELEMETRY \{"round":0,"time":0,/m);
    expect(result.stderr).toMatch(/^EVENT \{"event":"arrival"/m);
  });

  it('reports a bad trace line as file:line: field: expected ..., got ...', async () => {
    const trace = join(dir, 'bad.trace');
    const good = ['LM (batch size 20)', 'cmd', 'dir', '--n', '1', '100', '1', '1', '-1', '0'];
    const bad = [...good];
    bad[6] = 'two';
    await writeFile(trace, `${good.join('\t')}\n${bad.join('\t')}\n`);
    const result = await gpusim('run', '--trace', trace, '-q');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `gpusim: ${trace}:2: scale_factor: expected a positive integer, got "two"`,
    );
  });

  it('rejects impossible options and bad numbers in one line', async () => {
    const [both, nan, missing] = await Promise.all([
      gpusim('run', '--preset', 'philly', '--cluster', 'v100=8'),
      gpusim('run', '--seed', 'abc'),
      gpusim('run', '--trace', join(dir, 'missing.trace')),
    ]);
    expect(both.code).toBe(1);
    expect(both.stderr.trim()).toBe('gpusim: --cluster: cannot be combined with preset: give one cluster');
    expect(nan.code).toBe(1);
    expect(nan.stderr).toBe('gpusim: --seed: expected a whole number, got "abc"\n');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^gpusim: .*missing\.trace/);
  });

  it('checks every numeric flag of every command the same way, in one line', async () => {
    const cases: [string[], string][] = [
      [
        ['sweep', 'run', 'g.yaml', '-o', dir, '--poll', 'abc'],
        '--poll: expected a number of seconds, 0.1 or more, got "abc"',
      ],
      [
        ['sweep', 'run', 'g.yaml', '-o', dir, '--poll', '0'],
        '--poll: expected a number of seconds, 0.1 or more, got "0"',
      ],
      [
        ['sweep', 'run', 'g.yaml', '-o', dir, '--workers', '0'],
        '--workers: expected a whole number, 1 or more, got "0"',
      ],
      [
        ['sweep', 'run', 'g.yaml', '-o', dir, '--max-parallel', '2.5'],
        '--max-parallel: expected a whole number, 1 or more, got "2.5"',
      ],
      [
        ['sweep', 'task', 'g.yaml', '-o', dir, '--index', 'first'],
        '--index: expected a whole number, 0 or more, got "first"',
      ],
      [
        ['solve', '--policy', 'fifo', '--problem', 'p.json', '--migration-penalty', '-1'],
        '--migration-penalty: expected a number, 0 or more, got "-1"',
      ],
      [['run', '--jobs-per-hour', '1e3'], '--jobs-per-hour: expected a number, got "1e3"'],
      [['run', '--num-jobs', ''], '--num-jobs: expected a whole number, got an empty string'],
    ];
    const results = await Promise.all(cases.map(([args]) => gpusim(...args)));
    results.forEach((result, i) => {
      expect(result.code, cases[i]![0].join(' ')).toBe(1);
      expect(result.stderr).toBe(`gpusim: ${cases[i]![1]}\n`);
    });
  });

  it('lists presets', async () => {
    const result = await gpusim('presets');
    expect(result.stdout).toMatch(/^alibaba: 6212 GPUs on 1213 nodes/m);
  });

  it('fails clearly on a corrupt run file', async () => {
    const file = join(dir, 'corrupt.gpuviz');
    await writeFile(file, 'not a run file at all');
    const result = await gpusim('inspect', file);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toMatch(/^gpusim: .*corrupt\.gpuviz/);
  });
});
