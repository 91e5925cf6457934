export interface SbatchScriptOptions {
  /** Absolute paths: a SLURM task starts in another process, maybe on another node. */
  sweepFile: string;
  outDir: string;
  /** Plan indices to run: all of them on a first submission, the unfinished ones on a resume. */
  indices: readonly number[];
  jobName: string;
  /** The node binary and the repo's own CLI entry, both absolute. */
  node: string;
  gpusimBin: string;
  partition?: string;
  maxParallel?: number;
  /** SLURM's time limit per task, `HH:MM:SS` or `D-HH:MM:SS`. */
  time?: string;
  /** More `#SBATCH` lines as given, e.g. `--account=lab` or `--mem=4G`. */
  extra?: readonly string[];
  /** Extra `gpusim sweep task` flags (e.g. `-v`). */
  taskFlags?: readonly string[];
}

export const TIME_LIMIT = /^(\d+-)?\d{1,3}:\d{2}:\d{2}$/;

/** `0-3`, `1,4-6`: compact ranges for `--array`, with `%M` to cap how many run at once. */
export function arraySpec(indices: readonly number[], maxParallel?: number): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('expected at least one array index');
  const parts: string[] = [];
  let start = sorted[0]!;
  let previous = start;
  for (const index of [...sorted.slice(1), Number.NaN]) {
    if (index === previous + 1) {
      previous = index;
      continue;
    }
    parts.push(start === previous ? String(start) : `${start}-${previous}`);
    start = index;
    previous = index;
  }
  return `${parts.join(',')}${maxParallel ? `%${maxParallel}` : ''}`;
}

/** The SLURM task log for array task `index`; `%A` is the array job id. */
export const slurmLogPattern = (outDir: string) => `${outDir}/logs/slurm-%A_%a.out`;
export const slurmLogPath = (outDir: string, jobId: string, index: number) =>
  `${outDir}/logs/slurm-${jobId}_${index}.out`;

/** The batch script of a sweep's job array: task i runs `gpusim sweep task <file> --index i`. */
export function sbatchScript(options: SbatchScriptOptions): string {
  if (options.time !== undefined && !TIME_LIMIT.test(options.time)) {
    throw new Error(`--time: expected HH:MM:SS or D-HH:MM:SS, got "${options.time}"`);
  }
  const directives = [
    `--job-name=${options.jobName}`,
    `--array=${arraySpec(options.indices, options.maxParallel)}`,
    `--chdir=${options.outDir}`,
    `--output=${slurmLogPattern(options.outDir)}`,
    // One simulation is single-threaded.
    '--ntasks=1',
    '--cpus-per-task=1',
    ...(options.partition ? [`--partition=${options.partition}`] : []),
    ...(options.time ? [`--time=${options.time}`] : []),
    ...(options.extra ?? []).map((arg) => {
      if (!/^--?[A-Za-z]/.test(arg) || /[\r\n]/.test(arg))
        throw new Error(
          `--sbatch-arg: expected one sbatch option such as --account=lab, got ${JSON.stringify(arg)}`,
        );
      return arg;
    }),
  ];
  const command = [
    options.node,
    options.gpusimBin,
    'sweep',
    'task',
    options.sweepFile,
    '--index',
    '"$SLURM_ARRAY_TASK_ID"',
    '--out',
    options.outDir,
    ...(options.taskFlags ?? []),
  ]
    .map((word) => (word.startsWith('"$') ? word : shellQuote(word)))
    .join(' ');
  return [
    '#!/bin/bash',
    ...directives.map((directive) => `#SBATCH ${directive}`),
    '# Written by `gpusim sweep run --backend slurm`; resubmitting it reruns the same tasks.',
    'set -euo pipefail',
    `exec ${command}`,
    '',
  ].join('\n');
}

export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
