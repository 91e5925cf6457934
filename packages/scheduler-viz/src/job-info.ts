import { lastAtOrBefore, type RunFile } from 'scheduler/format';
import { escapeHtml, formatDuration } from './format-values.ts';
import type { GridShares } from './grid.ts';

/**
 * Running and queued time of a job at the start of a round, from its history (only on hover/click).
 * Rounds end when their last job does, so each round counts its recorded `duration`; files without
 * that column count `roundDuration` per round.
 */
export function jobTimes(
  file: RunFile,
  job: number,
  round: number,
  roundDuration: number,
): { running: number; queued: number } {
  const history = file.jobRounds(job);
  const durations = file.metric('duration');
  let running = 0;
  for (const entry of history) {
    if (entry.round >= round) break;
    running += durations ? durations[entry.round]! : roundDuration;
  }
  const elapsed = file.roundTimes[round]! - file.jobs.arrival[job]!;
  return { running, queued: Math.max(0, elapsed - running) };
}

export function jobGpus(owners: Int32Array, job: number): number[] {
  const gpus: number[] = [];
  for (let g = 0; g < owners.length; g++) if (owners[g] === job) gpus.push(g);
  return gpus;
}

export function describeGpus(file: RunFile, gpus: number[]): string {
  if (gpus.length === 0) return 'none this round';
  const byNode = new Map<number, number[]>();
  for (const g of gpus) {
    const node = file.gpuNode[g]!;
    byNode.set(node, [...(byNode.get(node) ?? []), g]);
  }
  return [...byNode.entries()]
    .map(
      ([node, list]) =>
        `${file.header.gpuTypes[file.gpuType[list[0]!]!]} node ${node}: GPU ${list.join(', ')}`,
    )
    .join('; ');
}

/** The tooltip shown when hovering a GPU. */
export function hoverHtml(
  file: RunFile,
  gpu: number,
  owners: Int32Array,
  round: number,
  roundDuration: number,
  shares?: GridShares,
): string {
  const type = file.header.gpuTypes[file.gpuType[gpu]!]!;
  const job = owners[gpu]!;
  const where = `GPU ${gpu} · ${escapeHtml(type)} · node ${file.gpuNode[gpu]}`;
  if (job < 0) return `<div class="gv-tip-title" data-job="">idle</div><div>${where}</div>`;
  const shared = shares ? sharedLine(file, shares, gpu) : '';
  const { running, queued } = jobTimes(file, job, round, roundDuration);
  const gpus = jobGpus(owners, job);
  return [
    `<div class="gv-tip-title" data-job="${file.jobs.id[job]}">job ${file.jobs.id[job]}</div>`,
    `<div>${escapeHtml(file.jobs.jobType[job]!)}</div>`,
    `<div>scale factor ${file.jobs.scaleFactor[job]} · ${gpus.length} GPU${gpus.length === 1 ? '' : 's'} now</div>`,
    `<div>${escapeHtml(describeGpus(file, gpus))}</div>`,
    `<div>running ${formatDuration(running)} · queued ${formatDuration(queued)}</div>`,
    shared,
    `<div class="gv-tip-where">${where}</div>`,
  ].join('');
}

/** "shared: job 12 0.60, job 40 0.25 of the GPU" for a GPU held in fractions this round. */
function sharedLine(file: RunFile, shares: GridShares, gpu: number): string {
  const at = lastAtOrBefore(shares.gpus, gpu);
  if (shares.gpus[at] !== gpu) return '';
  const parts: string[] = [];
  for (let k = shares.offsets[at]!; k < shares.offsets[at + 1]!; k++)
    parts.push(`job ${file.jobs.id[shares.owner[k]!]} ${(shares.milli[k]! / 1000).toFixed(2)}`);
  return `<div class="gv-tip-shared">shared: ${parts.join(', ')} of the GPU</div>`;
}

/** The selected job's history: which type it ran on, round by round, as runs of equal type. */
export function historyHtml(file: RunFile, job: number, owners: Int32Array): string {
  const history = file.jobRounds(job);
  const segments: { from: number; to: number; type: number }[] = [];
  for (const { round, type } of history) {
    const last = segments.at(-1);
    if (last && last.to === round - 1 && last.type === type) last.to = round;
    else segments.push({ from: round, to: round, type });
  }
  const jobs = file.jobs;
  const finish = jobs.finish[job]!;
  const total = Math.max(1, file.roundCount);
  const strip = segments
    .map(
      (s) =>
        `<span class="gv-seg gv-type-${s.type % 8}" style="left:${(s.from / total) * 100}%;width:${(Math.max(1, s.to - s.from + 1) / total) * 100}%" title="rounds ${s.from}-${s.to}: ${escapeHtml(file.header.gpuTypes[s.type]!)}"></span>`,
    )
    .join('');
  const list = segments
    .slice(0, 40)
    .map((s) => `<li>rounds ${s.from}–${s.to}: ${escapeHtml(file.header.gpuTypes[s.type]!)}</li>`)
    .join('');
  return [
    `<div class="gv-job-title">job ${jobs.id[job]} · ${escapeHtml(jobs.jobType[job]!)} · scale factor ${jobs.scaleFactor[job]}</div>`,
    `<div>arrived ${formatDuration(jobs.arrival[job]!)}, started ${formatDuration(jobs.start[job]!)}, ${
      Number.isFinite(finish)
        ? `finished ${formatDuration(finish)}, JCT ${formatDuration(finish - jobs.arrival[job]!)}`
        : 'unfinished'
    }</div>`,
    `<div>now on: ${escapeHtml(describeGpus(file, jobGpus(owners, job)))}</div>`,
    `<div class="gv-strip">${strip}</div>`,
    `<ul class="gv-segments">${list}${segments.length > 40 ? `<li>… ${segments.length - 40} more</li>` : ''}</ul>`,
  ].join('');
}
