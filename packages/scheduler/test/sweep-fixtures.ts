import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh folder for one test's sweep file and results; removeSweepDirs() deletes them all. */
export function sweepDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `gpusim-${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeSweepDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Four tiny runs (philly preset, 6 jobs each): seconds on any backend. */
export const TINY_GRID = `
name: tiny
base: { preset: philly, numJobs: 6, jobsPerHour: 30 }
axes:
  policy: [fifo, isolated]
  seed: [1, 2]
runName: "{policy}-s{seed}"
`;

/** Two runs, the second reading a trace file that does not exist until the test writes it. */
export const LATE_TRACE_GRID = `
base: { preset: philly, seed: 3 }
axes:
  source:
    - { name: gen, numJobs: 4 }
    - { name: trace, trace: late.trace }
runName: "{source}"
`;

/** Two jobs in Gavel's 10-column trace format, of a job type the embedded throughputs know. */
export const LATE_TRACE = [
  'ResNet-18 (batch size 128)\tpython3 main.py\timage_classification/cifar10\t--num_steps\t1\t3000\t1\t1\t-1.000000\t0',
  'ResNet-18 (batch size 128)\tpython3 main.py\timage_classification/cifar10\t--num_steps\t1\t5000\t2\t1\t-1.000000\t100',
  '',
].join('\n');

export function writeSweep(dir: string, text: string, name = 'grid.yaml'): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
