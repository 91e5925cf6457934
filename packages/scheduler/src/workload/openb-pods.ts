import { readFile } from 'node:fs/promises';
import { InputError, parseCsv, requireColumns } from 'kit';
import { type JobSpec, listWorkload, sortByArrival, type Workload } from './job.ts';

/**
 * An openb pod list as jobs. Arrival = creation_time; run time = deletion_time - scheduled_time
 * (creation_time for pods never scheduled), at least 1 s. Each pod runs at 1 step/s on every type
 * its gpu_spec allows (all types when empty): the trace records how long pods ran, not how fast
 * each GPU would have been. GPU sharing (gpu_milli < 1000) is not modelled: such a pod takes a
 * whole GPU. CPU-only pods (num_gpu 0) are skipped and counted. Job id = 0-based row index.
 */
export function parseOpenbPods(
  text: string,
  file: string,
  gpuTypes: readonly string[],
  capacities: Float64Array,
) {
  const { header, records } = parseCsv(text, file);
  requireColumns(
    header,
    ['name', 'num_gpu', 'gpu_spec', 'creation_time', 'deletion_time', 'scheduled_time'],
    file,
  );
  const jobs: JobSpec[] = [];
  let cpuOnly = 0;
  records.forEach(({ line, values }, index) => {
    const number = (field: string, optional = false) => {
      const text = (values[field] ?? '').trim();
      if (optional && text === '') return undefined;
      const value = Number(text);
      if (text === '' || !Number.isFinite(value) || value < 0) {
        throw InputError.expected({ file, line, field }, 'a number >= 0', values[field]);
      }
      return value;
    };
    const gpus = number('num_gpu')!;
    if (!Number.isInteger(gpus))
      throw InputError.expected({ file, line, field: 'num_gpu' }, 'an integer', values.num_gpu);
    if (gpus === 0) {
      cpuOnly++;
      return;
    }
    const created = number('creation_time')!;
    const deleted = number('deletion_time')!;
    const scheduled = number('scheduled_time', true);
    const throughputs = new Float64Array(gpuTypes.length);
    const spec = (values.gpu_spec ?? '').trim();
    if (spec === '') throughputs.fill(1);
    else {
      for (const name of spec.split('|')) {
        const k = gpuTypes.indexOf(name.trim());
        if (k < 0) {
          throw InputError.expected(
            { file, line, field: 'gpu_spec' },
            `GPU types of the cluster (${gpuTypes.join(', ')})`,
            name,
          );
        }
        throughputs[k] = 1;
      }
    }
    if (!throughputs.some((value, k) => value > 0 && capacities[k]! >= gpus)) {
      throw InputError.expected(
        { file, line, field: 'num_gpu' },
        'a pod that fits some allowed GPU type',
        gpus,
      );
    }
    jobs.push({
      id: index,
      jobType: `openb ${(values.qos ?? '').trim() || 'pod'}`,
      scaleFactor: gpus,
      totalSteps: Math.max(1, deleted - (scheduled ?? created)),
      arrival: created,
      priorityWeight: 1,
      throughputs,
    });
  });
  if (jobs.length === 0) throw new InputError({ file }, 'expected at least one GPU pod, got none');
  return { jobs: sortByArrival(jobs), cpuOnly };
}

export async function loadOpenbPods(
  file: string,
  gpuTypes: readonly string[],
  capacities: Float64Array,
): Promise<Workload> {
  const { jobs, cpuOnly } = parseOpenbPods(await readFile(file, 'utf8'), file, gpuTypes, capacities);
  return listWorkload(`openb pod list ${file}`, jobs, { cpuOnlyPods: cpuOnly });
}
