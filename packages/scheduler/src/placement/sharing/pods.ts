import { readFile } from 'node:fs/promises';
import { InputError, parseCsv, requireColumns } from 'kit';
import type { Cluster } from '../../cluster/cluster.ts';

/** One milli-GPU is a thousandth of a GPU; a whole GPU has 1,000. */
export const MILLI = 1000;

/**
 * Pods as the FGD simulator sees them (Weng et al., ATC 2023; openb pod lists): CPU in
 * milli-cores, memory in MiB, a number of GPUs and the milli-GPU asked of each, and the GPU
 * models allowed (none = any). A pod with `gpuMilli < 1000` shares one GPU with others; a pod
 * with whole GPUs holds them alone. Columns of typed arrays, row = pod index in file order.
 */
export interface PodTable {
  file: string;
  names: string[];
  cpuMilli: Float64Array;
  memoryMib: Float64Array;
  numGpu: Int32Array;
  /** Per GPU asked for; 0 for CPU-only pods. */
  gpuMilli: Int32Array;
  /** Index into `allowedTypes`: the distinct `gpu_spec` values, as masks over the cluster's types. */
  spec: Int32Array;
  /** allowedTypes[s][k] = 1 when spec s allows GPU type k (every type when the spec is empty). */
  allowedTypes: Uint8Array[];
  /** The `gpu_spec` text of each spec index ('' = any model). */
  specText: string[];
  /** CSV line of each pod, for messages. */
  lines: Int32Array;
}

export function podCount(pods: PodTable): number {
  return pods.names.length;
}

/** Total milli-GPU a pod asks for. */
export function podMilliGpu(pods: PodTable, pod: number): number {
  return pods.numGpu[pod]! * pods.gpuMilli[pod]!;
}

/**
 * Parses an openb pod list (`name,cpu_milli,memory_mib,num_gpu,gpu_milli[,gpu_spec,...]`) against
 * the cluster it will run on. Every problem is one line naming file, line and field: negative or
 * fractional resources, `gpu_milli` outside 1..1000 for a GPU pod, a shared request (< 1000) over
 * more than one GPU, an unknown GPU model, or a pod that no node could ever hold.
 */
export function parsePodTable(text: string, file: string, cluster: Cluster): PodTable {
  const { header, records } = parseCsv(text, file);
  requireColumns(header, ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli'], file);
  const n = records.length;
  const pods: PodTable = {
    file,
    names: [],
    cpuMilli: new Float64Array(n),
    memoryMib: new Float64Array(n),
    numGpu: new Int32Array(n),
    gpuMilli: new Int32Array(n),
    spec: new Int32Array(n),
    allowedTypes: [],
    specText: [],
    lines: new Int32Array(n),
  };
  const specIndex = new Map<string, number>();
  const names = new Set<string>();
  const fits = fitChecker(cluster);
  records.forEach(({ line, values }, i) => {
    const place = (field: string) => ({ file, line, field });
    const integer = (field: string, what: string) => {
      const raw = (values[field] ?? '').trim();
      const value = Number(raw);
      if (raw === '' || !Number.isInteger(value) || value < 0)
        throw InputError.expected(place(field), what, values[field]);
      return value;
    };
    const name = (values.name ?? '').trim();
    if (!name) throw InputError.expected(place('name'), 'a pod name', values.name);
    if (names.has(name)) throw InputError.expected(place('name'), 'a pod name used once', name);
    names.add(name);
    const cpu = integer('cpu_milli', 'milli-cores, an integer >= 0');
    const memory = integer('memory_mib', 'MiB, an integer >= 0');
    const gpus = integer('num_gpu', 'a GPU count, an integer >= 0');
    const milli = integer('gpu_milli', 'milli-GPU per GPU, an integer in 0..1000');
    if (milli > MILLI) throw InputError.expected(place('gpu_milli'), 'at most 1000 milli-GPU per GPU', milli);
    if (gpus === 0 && milli !== 0)
      throw InputError.expected(place('gpu_milli'), '0 for a pod without GPUs (num_gpu 0)', milli);
    if (gpus > 0 && milli === 0)
      throw InputError.expected(place('gpu_milli'), `1..1000 for a pod with num_gpu ${gpus}`, milli);
    if (gpus > 1 && milli < MILLI)
      throw InputError.expected(
        place('gpu_milli'),
        `1000 for a pod with num_gpu ${gpus} (only a one-GPU pod can share a GPU)`,
        milli,
      );
    const specRaw = (values.gpu_spec ?? '').trim();
    const specKey = specRaw
      .split('|')
      .map((part) => part.trim())
      .filter(Boolean)
      .join('|');
    let s = specIndex.get(specKey);
    if (s === undefined) {
      const mask = new Uint8Array(cluster.gpuTypes.length);
      if (specKey === '') mask.fill(1);
      for (const model of specKey ? specKey.split('|') : []) {
        const k = cluster.gpuTypes.indexOf(model);
        if (k < 0)
          throw InputError.expected(
            place('gpu_spec'),
            `GPU models of the cluster (${cluster.gpuTypes.join(', ')})`,
            model,
          );
        mask[k] = 1;
      }
      s = pods.allowedTypes.push(mask) - 1;
      pods.specText.push(specKey);
      specIndex.set(specKey, s);
    }
    const problem = fits(cpu, memory, gpus, pods.allowedTypes[s]!);
    if (problem) throw InputError.expected(place(problem.field), problem.expected, problem.got);
    pods.names.push(name);
    pods.cpuMilli[i] = cpu;
    pods.memoryMib[i] = memory;
    pods.numGpu[i] = gpus;
    pods.gpuMilli[i] = milli;
    pods.spec[i] = s;
    pods.lines[i] = line;
  });
  if (n === 0) throw new InputError({ file }, 'expected at least one pod, got none');
  return pods;
}

export async function loadPodTable(file: string, cluster: Cluster): Promise<PodTable> {
  return parsePodTable(await readFile(file, 'utf8'), file, cluster);
}

/**
 * Whether some node could hold a pod on an empty cluster, and if not, the field that rules
 * it out: GPUs first (count on an allowed model), then CPU, then memory among those nodes.
 */
function fitChecker(cluster: Cluster) {
  const { nodeGpus, nodeType, nodeCpuMilli, nodeMemoryMib } = cluster;
  return (cpu: number, memory: number, gpus: number, allowed: Uint8Array) => {
    let maxGpus = 0;
    let maxCpu = 0;
    let maxMemory = 0;
    for (let n = 0; n < nodeGpus.length; n++) {
      if (gpus > 0 && !allowed[nodeType[n]!]) continue;
      if (nodeGpus[n]! < gpus) {
        maxGpus = Math.max(maxGpus, nodeGpus[n]!);
        continue;
      }
      maxGpus = Math.max(maxGpus, nodeGpus[n]!);
      if (nodeCpuMilli[n]! < cpu) {
        maxCpu = Math.max(maxCpu, nodeCpuMilli[n]!);
        continue;
      }
      maxCpu = Math.max(maxCpu, nodeCpuMilli[n]!);
      if (nodeMemoryMib[n]! < memory) {
        maxMemory = Math.max(maxMemory, nodeMemoryMib[n]!);
        continue;
      }
      return undefined;
    }
    if (maxGpus < gpus)
      return {
        field: 'num_gpu',
        expected: `at most ${maxGpus} GPUs (the most any allowed node has)`,
        got: gpus,
      };
    if (maxCpu < cpu)
      return {
        field: 'cpu_milli',
        expected: `at most ${maxCpu} milli-cores (the most any node with ${gpus} allowed GPUs has)`,
        got: cpu,
      };
    return {
      field: 'memory_mib',
      expected: `at most ${maxMemory} MiB (the most any node with room for its GPUs and CPU has)`,
      got: memory,
    };
  };
}
