/** What the follower needs to know about one array task. */
export interface TaskState {
  index: number;
  /** SLURM's state name: PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT, ... */
  state: string;
  exitCode?: string;
}

const ACTIVE = new Set([
  'PENDING',
  'RUNNING',
  'CONFIGURING',
  'COMPLETING',
  'SUSPENDED',
  'REQUEUED',
  'REQUEUE_HOLD',
  'REQUEUE_FED',
  'RESIZING',
  'SIGNALING',
  'STAGE_OUT',
  'STOPPED',
]);

export const isActive = (state: string) => ACTIVE.has(state);

/** `sbatch --parsable` prints `jobid` or `jobid;cluster`. */
export function parseSbatchJobId(output: string): string {
  const id = output.trim().split(/\s+/).pop()?.split(';')[0] ?? '';
  if (!/^\d+$/.test(id)) throw new Error(`sbatch: expected a job id, got ${JSON.stringify(output.trim())}`);
  return id;
}

/**
 * Array task ids as SLURM prints them: `12_3`, or a pending remainder `12_[4-7,9%2]`.
 * Returns the task indices, or [] for a line of another job.
 */
export function taskIndices(jobField: string, jobId: string): number[] {
  const prefix = `${jobId}_`;
  if (!jobField.startsWith(prefix)) return [];
  let rest = jobField.slice(prefix.length).replace(/\.\w+$/, '');
  if (rest.startsWith('[')) rest = rest.slice(1, rest.indexOf(']') === -1 ? undefined : rest.indexOf(']'));
  rest = rest.split('%')[0]!;
  const out: number[] = [];
  for (const part of rest.split(',')) {
    const [from, to] = part.split('-').map(Number);
    if (from === undefined || !Number.isInteger(from)) continue;
    const last = to !== undefined && Number.isInteger(to) ? to : from;
    for (let index = from; index <= last; index++) out.push(index);
  }
  return out;
}

/** `-o '%i|%T'` rows (squeue) or `-o JobID,State,ExitCode -P` rows (sacct). */
export function parseDelimitedTasks(text: string, jobId: string): TaskState[] {
  const tasks: TaskState[] = [];
  for (const line of text.split('\n')) {
    const [job, rawState, exitCode] = line.trim().split('|');
    if (!job || !rawState) continue;
    // sacct says `CANCELLED by 0`; job steps (`12_3.batch`) repeat their task.
    if (/\.\w+$/.test(job)) continue;
    const state = rawState.split(' ')[0]!;
    for (const index of taskIndices(job, jobId))
      tasks.push({ index, state, ...(exitCode ? { exitCode } : {}) });
  }
  return tasks;
}

/**
 * `scontrol show job <id> -o`: one line per task with `ArrayTaskId=`, `JobState=`, `ExitCode=`.
 * Used when sacct has no accounting database to ask (as on a small cluster without slurmdbd).
 */
export function parseScontrolTasks(text: string): TaskState[] {
  const tasks: TaskState[] = [];
  for (const line of text.split('\n')) {
    const fields = new Map<string, string>();
    for (const match of line.matchAll(/(\w+)=(\S*)/g)) fields.set(match[1]!, match[2]!);
    const ids = fields.get('ArrayTaskId');
    const state = fields.get('JobState');
    if (!ids || !state) continue;
    const exitCode = fields.get('ExitCode');
    for (const index of taskIndices(`x_[${ids}]`, 'x'))
      tasks.push({ index, state, ...(exitCode ? { exitCode } : {}) });
  }
  return tasks;
}
