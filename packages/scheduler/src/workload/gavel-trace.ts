import { readFile } from 'node:fs/promises';
import { InputError } from 'kit';
import { type JobSpec, listWorkload, sortByArrival, type Workload } from './job.ts';
import { jobThroughputs, type ThroughputTable, type TypeResolution } from './throughputs.ts';

const COLUMNS = [
  'job_type',
  'command',
  'working_directory',
  'num_steps_arg',
  'needs_data_dir',
  'total_steps',
  'scale_factor',
  'priority_weight',
  'SLO',
  'arrival_time',
] as const;

/**
 * Gavel's current trace format: 10 tab-separated columns, no header (see SOURCES.md). Job ids are
 * the 0-based line order, as in Gavel. Every job must exist in the throughputs table and be able
 * to run on some type of this cluster.
 */
export function parseGavelTrace(
  text: string,
  file: string,
  table: ThroughputTable,
  types: TypeResolution,
  capacities: Float64Array,
): JobSpec[] {
  const jobs: JobSpec[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const fields = raw.split('\t');
    if (fields.length !== COLUMNS.length) {
      throw InputError.expected(
        { file, line },
        `${COLUMNS.length} tab-separated fields`,
        `${fields.length} fields`,
      );
    }
    const place = (field: (typeof COLUMNS)[number]) => ({ file, line, field });
    const number = (field: (typeof COLUMNS)[number], expected: string, ok: (value: number) => boolean) => {
      const text = fields[COLUMNS.indexOf(field)]!.trim();
      const value = Number(text);
      if (text === '' || !Number.isFinite(value) || !ok(value))
        throw InputError.expected(place(field), expected, text);
      return value;
    };
    const jobType = fields[0]!.trim();
    const totalSteps = number('total_steps', 'a positive integer', (v) => Number.isInteger(v) && v > 0);
    const scaleFactor = number('scale_factor', 'a positive integer', (v) => Number.isInteger(v) && v > 0);
    const priorityWeight = number('priority_weight', 'a positive number', (v) => v > 0);
    number('SLO', 'a number (-1 = none)', () => true);
    const arrival = number('arrival_time', 'seconds >= 0', (v) => v >= 0);
    const throughputs = jobThroughputs(table, types, jobType, scaleFactor);
    if (!throughputs) {
      throw InputError.expected(
        place('job_type'),
        `a job type with scale factor ${scaleFactor} in ${table.source}`,
        jobType,
      );
    }
    if (!throughputs.some((value, k) => value > 0 && capacities[k]! >= scaleFactor)) {
      throw InputError.expected(
        place('scale_factor'),
        'a job that fits some GPU type of the cluster',
        scaleFactor,
      );
    }
    jobs.push({ id: jobs.length, jobType, scaleFactor, totalSteps, arrival, priorityWeight, throughputs });
  });
  if (jobs.length === 0) throw new InputError({ file }, 'expected at least one job, got an empty trace');
  return sortByArrival(jobs);
}

export async function loadGavelTrace(
  file: string,
  table: ThroughputTable,
  types: TypeResolution,
  capacities: Float64Array,
): Promise<Workload> {
  const jobs = parseGavelTrace(await readFile(file, 'utf8'), file, table, types, capacities);
  return listWorkload(`Gavel trace ${file}`, jobs);
}
