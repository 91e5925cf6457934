import { readFile } from 'node:fs/promises';
import { InputError, parseCsv, requireColumns } from 'kit';
import type { Cluster } from '../cluster/cluster.ts';
import { type PodTable, parsePodTable } from '../placement/sharing/pods.ts';
import { type JobSpec, listWorkload, sortByArrival, type Workload } from './job.ts';

/**
 * An openb pod list as jobs. Arrival = creation_time; run time = deletion_time - scheduled_time
 * (creation_time for pods never scheduled), at least 1 s. Each pod runs at 1 step/s on every type
 * its gpu_spec allows (all types when empty): the trace records how long pods ran, not how fast
 * each GPU would have been. Here GPU sharing (gpu_milli < 1000) is not modelled: such a pod takes
 * a whole GPU (`parseSharedOpenbPods` is the sharing model). CPU-only pods (num_gpu 0) are skipped
 * and counted. Job id = 0-based row index.
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

/**
 * An openb pod list for a run where pods share GPUs: the pod table (CPU, memory, GPUs, milli-GPU
 * and models, with every check `parsePodTable` makes against the cluster's nodes, so a pod no node
 * could ever hold is a one-line error naming file, line and field) and the GPU pods as jobs, as
 * `parseOpenbPods` makes them, each knowing its pod row and its milli-GPU per GPU.
 */
export function parseSharedOpenbPods(
  text: string,
  file: string,
  cluster: Cluster,
): { pods: PodTable; jobs: JobSpec[]; cpuOnly: number } {
  const pods = parsePodTable(text, file, cluster);
  const { jobs, cpuOnly } = parseOpenbPods(text, file, cluster.gpuTypes, cluster.capacities);
  const fits = typeFitter(cluster);
  for (const job of jobs) {
    const pod = job.id;
    job.pod = pod;
    job.gpuMilli = pods.gpuMilli[pod]!;
    // A pod's GPUs are on one node: a type none of whose nodes could hold it is not a type it
    // can run on (parsePodTable made sure some type can).
    for (let k = 0; k < cluster.gpuTypes.length; k++)
      if (job.throughputs[k]! > 0 && !fits(k, pods.numGpu[pod]!, pods.cpuMilli[pod]!, pods.memoryMib[pod]!))
        job.throughputs[k] = 0;
  }
  return { pods, jobs, cpuOnly };
}

/** Whether some node of type k, empty, has `gpus` GPUs, the CPU and the memory (checked per distinct node size). */
function typeFitter(cluster: Cluster) {
  const sizes = cluster.gpuTypes.map(() => new Map<string, [number, number, number]>());
  cluster.nodes.forEach((node, n) => {
    const size: [number, number, number] = [node.gpus, cluster.nodeCpuMilli[n]!, cluster.nodeMemoryMib[n]!];
    sizes[node.type]!.set(size.join('/'), size);
  });
  return (k: number, gpus: number, cpu: number, memory: number) => {
    for (const [g, c, m] of sizes[k]!.values()) if (g >= gpus && c >= cpu && m >= memory) return true;
    return false;
  };
}

export async function loadSharedOpenbPods(
  file: string,
  cluster: Cluster,
): Promise<{ workload: Workload; pods: PodTable }> {
  const { pods, jobs, cpuOnly } = parseSharedOpenbPods(await readFile(file, 'utf8'), file, cluster);
  const shared = jobs.reduce((count, job) => count + (job.gpuMilli! < 1000 ? 1 : 0), 0);
  return {
    workload: listWorkload(
      `openb pod list ${file} (GPU sharing: ${shared} pods ask for part of a GPU)`,
      jobs,
      {
        cpuOnlyPods: cpuOnly,
      },
    ),
    pods,
  };
}
