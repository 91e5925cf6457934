import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodesCsv, podsCsv } from './shared-run-check.ts';

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

const pod = (name: string, milli: number, cpu = 2000) => ({
  name,
  cpu,
  memory: 4096,
  gpus: 1,
  milli,
  arrival: 0,
  duration: 500,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gpusim-shared-cli-'));
  await writeFile(
    join(dir, 'nodes.csv'),
    nodesCsv([
      { name: 'a', cpu: 16000, memory: 65536, gpus: 2, model: 'T4' },
      { name: 'b', cpu: 32000, memory: 131072, gpus: 4, model: 'G2' },
    ]),
  );
  await writeFile(join(dir, 'pods.csv'), podsCsv([pod('p0', 250), pod('p1', 500), pod('p2', 1000)]));
  await writeFile(join(dir, 'huge.csv'), podsCsv([pod('p0', 250), pod('big', 250, 64000)]));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gpusim run with GPU sharing', () => {
  it('runs a pod list on a node list with a sharing-only placement and writes the sharing outputs', async () => {
    const out = join(dir, 'out');
    const result = await gpusim(
      'run',
      '--cluster',
      'nodes.csv',
      '--pod-list',
      'pods.csv',
      '--placement',
      'packing',
      '-q',
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^completed: 3\/3 jobs done/);
    expect((await readdir(out)).sort()).toEqual(['jobs.csv', 'rounds.csv', 'run.gpuviz', 'summary.json']);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.gpuSharing).toEqual({ policy: 'packing', sharedPods: 2, placementFallbacks: 0 });
    expect(summary.metrics.utilization).toBeGreaterThan(0);
    const inspect = await gpusim('inspect', join(out, 'run.gpuviz'));
    expect(inspect.stdout).toMatch(/^GPU sharing: 1 GPUs shared in some round, \d+ share intervals$/m);
    expect(inspect.stdout).toMatch(/^shared_gpus /m);
  });

  it('runs the same pods on whole GPUs with --no-gpu-sharing', async () => {
    const out = join(dir, 'whole');
    const result = await gpusim(
      'run',
      '--cluster',
      'nodes.csv',
      '--pod-list',
      'pods.csv',
      '--no-gpu-sharing',
      '-q',
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.gpuSharing).toBeUndefined();
    expect(summary.config.gpuSharing).toBe(false);
    expect((await readFile(join(out, 'jobs.csv'), 'utf8')).split('\n')[0]).toMatch(/,isolated_time$/);
  });

  it('warns once when a pod list runs on a cluster without CPU and memory per node', async () => {
    const result = await gpusim('run', '--cluster', 't4=8', '--pod-list', 'pods.csv', '-q');
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /t4=8 lists no CPU and memory per node, so the pod list runs on whole GPUs/,
    );
  });

  it('refuses impossible combinations and pods that never fit in one line each', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--preset', 'alibaba', '--pod-list', 'pods.csv', '--gpu-sharing'],
        /^gpusim: --gpu-sharing: expected a cluster with CPU and memory per node: an openb node list .*, got "preset alibaba"\n$/,
      ],
      [['--gpu-sharing'], /^gpusim: --gpu-sharing: only with podList/],
      [
        ['--placement', 'dotprod', '--num-jobs', '5'],
        /^gpusim: --placement: expected first-fit, best-fit, random or fgd: dotprod, clustering and packing place pods that share GPUs/,
      ],
      [
        ['--cluster', 'nodes.csv', '--pod-list', 'huge.csv'],
        /^gpusim: huge\.csv:3: cpu_milli: expected at most 32000 milli-cores \(the most any node with 1 allowed GPUs has\), got 64000\n$/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await gpusim('run', ...args, '--out', join(dir, 'never'));
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    // Nothing half-written.
    expect(await readdir(dir)).not.toContain('never');
  });
});
