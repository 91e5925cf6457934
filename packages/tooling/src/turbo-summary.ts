import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface TurboTask {
  taskId: string;
  task: string;
  package: string;
  execution?: { exitCode?: number | null };
}

export interface TurboRun {
  tasks: TurboTask[];
}

/** The run summary turbo wrote with `--summarize` (in .turbo/runs/) after `since` (ms epoch). */
export function latestRunSummary(root: string, since: number): TurboRun | undefined {
  const dir = join(root, '.turbo', 'runs');
  if (!existsSync(dir)) return undefined;
  const newest = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .filter(({ t }) => t >= since)
    .sort((a, b) => b.t - a.t)[0];
  if (!newest) return undefined;
  return JSON.parse(readFileSync(join(dir, newest.f), 'utf8')) as TurboRun;
}

/** Typecheck and lint tasks that failed: each counts as one failure in the summary line. */
export function failedChecks(run: TurboRun): string[] {
  return run.tasks
    .filter((t) => (t.task === 'typecheck' || t.task === 'lint') && (t.execution?.exitCode ?? 0) !== 0)
    .map((t) => t.taskId);
}
