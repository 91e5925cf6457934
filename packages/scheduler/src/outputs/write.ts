import { join } from 'node:path';
import { csvField, writeFileAtomic } from 'kit';
import type { ProfileRounds } from '../profile/profiler.ts';
import type { RunResult } from '../run-simulation.ts';

/**
 * jobs.csv: one row per job that arrived; unfinished jobs have empty finish and jct. A GPU-sharing
 * run adds each pod's gpu_milli (per GPU; below 1000 it shares one), cpu_milli and memory_mib.
 */
export function jobsCsv(result: RunResult): string {
  const { jobs } = result;
  const { pods } = jobs;
  const header = 'id,type,scale_factor,priority_weight,arrival,start,finish,jct,total_steps,isolated_time';
  const lines = [pods ? `${header},gpu_milli,cpu_milli,memory_mib` : header];
  for (let j = 0; j < jobs.id.length; j++) {
    const row = [
      jobs.id[j],
      csvField(jobs.jobType[j]),
      jobs.scaleFactor[j],
      jobs.priorityWeight[j],
      jobs.arrival[j],
      csvField(jobs.start[j]),
      csvField(jobs.finish[j]),
      csvField(jobs.jct[j]),
      jobs.totalSteps[j],
      jobs.isolatedTime[j],
    ];
    if (pods) row.push(pods.gpuMilli[j], pods.cpuMilli[j], pods.memoryMib[j]);
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** rounds.csv: `round` then the metric columns, one row per round. */
export function roundsCsv(result: RunResult): string {
  const { names, count, values } = result.rounds;
  const width = names.length;
  const lines = [['round', ...names].join(',')];
  for (let r = 0; r < count; r++) {
    let line = String(r);
    for (let m = 0; m < width; m++) line += `,${csvField(values[r * width + m])}`;
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * profile.csv: wall-clock milliseconds per round of a profiled run, row r beside row r of
 * rounds.csv (so time per round can be set against its active jobs), and the size and solve
 * time of each LP solve (empty in rounds without one).
 */
export function profileCsv(rounds: ProfileRounds): string {
  const lines = ['round,wall_ms,policy_ms,lp_jobs,lp_solve_ms'];
  for (let r = 0; r < rounds.wallMs.length; r++) {
    lines.push(
      `${r},${csvField(rounds.wallMs[r])},${csvField(rounds.policyMs[r])},${csvField(rounds.lpJobs[r])},${csvField(rounds.lpSolveMs[r])}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes summary.json, jobs.csv, rounds.csv and run.gpuviz into `outDir` (and profile.csv for a
 * profiled run), each atomically.
 */
export async function writeRunOutputs(outDir: string, result: RunResult): Promise<void> {
  await writeFileAtomic(join(outDir, 'summary.json'), `${JSON.stringify(result.summary, null, 2)}\n`);
  await writeFileAtomic(join(outDir, 'jobs.csv'), jobsCsv(result));
  await writeFileAtomic(join(outDir, 'rounds.csv'), roundsCsv(result));
  await writeFileAtomic(join(outDir, 'run.gpuviz'), result.runFile);
  if (result.profileRounds)
    await writeFileAtomic(join(outDir, 'profile.csv'), profileCsv(result.profileRounds));
}
