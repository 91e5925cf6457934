import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type RunData, readRunFile } from '../format/index.ts';

export function registerInspectCommand(program: Command): void {
  program
    .command('inspect')
    .argument('<file>', 'a run.gpuviz file')
    .description('Show a run file: header, sizes and per-round metrics (min, mean, max, last).')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  gpusim inspect out/philly/run.gpuviz\n  gpusim inspect out/alibaba/run.gpuviz --json\n',
    )
    .action(async (file: string, flags: { json?: boolean }) => {
      const bytes = await readFile(file);
      const run = readRunFile(bytes, { source: file });
      const metrics = run.header.metricNames.map((name) => {
        const values = run.metric(name)!;
        let min = Number.POSITIVE_INFINITY;
        let max = Number.NEGATIVE_INFINITY;
        let sum = 0;
        let count = 0;
        for (const value of values) {
          if (Number.isNaN(value)) continue;
          min = Math.min(min, value);
          max = Math.max(max, value);
          sum += value;
          count++;
        }
        const last = values.length ? values[values.length - 1]! : Number.NaN;
        return {
          name,
          min: count ? min : null,
          mean: count ? sum / count : null,
          max: count ? max : null,
          last,
        };
      });
      const info = {
        file,
        version: run.version,
        bytes: bytes.length,
        rounds: run.roundCount,
        jobs: run.jobs.id.length,
        gpus: run.gpuCount,
        nodes: run.header.nodes.length,
        gpuTypes: run.header.gpuTypes,
        intervals: run.intervalCount,
        // GPU-sharing runs: GPUs ever held by fractions and the FRAC section's intervals.
        ...(run.data.shares
          ? { sharedGpus: run.sharedGpus.length, shareIntervals: run.data.shares.start.length }
          : {}),
        /** Decoded bytes of each part (the file adds small headers and padding). */
        sectionBytes: sectionBytes(run.data),
        config: run.header.config,
      };
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ ...info, metrics }, null, 2)}\n`);
        return;
      }
      const fmt = (value: number | null) =>
        value === null || Number.isNaN(value) ? 'n/a' : Number(value.toPrecision(6)).toString();
      const lines = [
        `${file}: run file version ${info.version}, ${(info.bytes / 1e6).toFixed(2)} MB`,
        `${info.rounds} rounds, ${info.jobs} jobs, ${info.gpus} GPUs on ${info.nodes} nodes (${info.gpuTypes.join(', ')}), ${info.intervals} allocation intervals`,
        `sizes: ${Object.entries(info.sectionBytes)
          .map(
            ([name, size]) =>
              `${name} ${size >= 1e6 ? `${(size / 1e6).toFixed(2)} MB` : `${(size / 1e3).toFixed(1)} kB`}`,
          )
          .join(', ')}`,
        ...(info.sharedGpus !== undefined
          ? [
              `GPU sharing: ${info.sharedGpus} GPUs shared in some round, ${info.shareIntervals} share intervals`,
            ]
          : []),
        `config: ${JSON.stringify(info.config)}`,
        `${'metric'.padEnd(26)}${'min'.padStart(12)}${'mean'.padStart(12)}${'max'.padStart(12)}${'last'.padStart(12)}`,
        ...metrics.map(
          (m) =>
            `${m.name.padEnd(26)}${fmt(m.min).padStart(12)}${fmt(m.mean).padStart(12)}${fmt(m.max).padStart(12)}${fmt(m.last).padStart(12)}`,
        ),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

function sectionBytes(data: RunData): Record<string, number> {
  const bytes = (...arrays: ArrayBufferView[]) => arrays.reduce((sum, array) => sum + array.byteLength, 0);
  return {
    allocation: bytes(data.allocOffsets, data.allocStart, data.allocJob),
    rounds: bytes(data.roundTimes, ...data.metrics),
    jobs: bytes(
      data.jobIds,
      data.jobTypeIndex,
      data.scaleFactor,
      data.arrival,
      data.start,
      data.finish,
      data.priorityWeight,
    ),
    ...(data.shares
      ? {
          shares: bytes(
            data.shares.gpuOffsets,
            data.shares.start,
            data.shares.entryOffsets,
            data.shares.owner,
            data.shares.milli,
          ),
        }
      : {}),
  };
}
