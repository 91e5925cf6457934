/**
 * A heterogeneous cluster: GPU types, nodes of one type each, and GPUs with dense stable ids
 * assigned node by node in node order (the run file relies on that order).
 */
export interface NodeSpec {
  /** Index into `gpuTypes`. */
  type: number;
  gpus: number;
  name?: string;
  /** CPU in milli-cores and memory in MiB, when the source lists them (openb node lists do). */
  cpuMilli?: number;
  memoryMib?: number;
}

export interface Cluster {
  /** A label for summaries: the preset name, the spec string or the CSV path. */
  name: string;
  gpuTypes: readonly string[];
  nodes: readonly NodeSpec[];
  totalGpus: number;
  /** GPUs of each type (type order). */
  capacities: Float64Array;
  nodeType: Int32Array;
  nodeGpus: Int32Array;
  /** First GPU id of each node; the node's GPUs are firstGpu .. firstGpu + gpus - 1. */
  nodeFirstGpu: Int32Array;
  gpuNode: Int32Array;
  gpuType: Int32Array;
  /** Node indices of each type, ascending. */
  nodesOfType: readonly Int32Array[];
  /** Largest node of each type. */
  maxNodeGpus: Int32Array;
  /** CPU (milli-cores) and memory (MiB) per node; Infinity where the source did not say. */
  nodeCpuMilli: Float64Array;
  nodeMemoryMib: Float64Array;
  /** True when every node has a CPU and a memory size (what GPU sharing placement needs). */
  hasNodeResources: boolean;
}

export function buildCluster(name: string, gpuTypes: readonly string[], nodes: readonly NodeSpec[]): Cluster {
  if (gpuTypes.length === 0) throw new Error(`cluster ${name} has no GPU types`);
  if (nodes.length === 0) throw new Error(`cluster ${name} has no nodes`);
  const K = gpuTypes.length;
  const nodeType = new Int32Array(nodes.length);
  const nodeGpus = new Int32Array(nodes.length);
  const nodeFirstGpu = new Int32Array(nodes.length);
  const capacities = new Float64Array(K);
  const maxNodeGpus = new Int32Array(K);
  let total = 0;
  nodes.forEach((node, n) => {
    nodeType[n] = node.type;
    nodeGpus[n] = node.gpus;
    nodeFirstGpu[n] = total;
    total += node.gpus;
    capacities[node.type]! += node.gpus;
    if (node.gpus > maxNodeGpus[node.type]!) maxNodeGpus[node.type] = node.gpus;
  });
  const gpuNode = new Int32Array(total);
  const gpuType = new Int32Array(total);
  nodes.forEach((node, n) => {
    const first = nodeFirstGpu[n]!;
    gpuNode.fill(n, first, first + node.gpus);
    gpuType.fill(node.type, first, first + node.gpus);
  });
  const nodesOfType = gpuTypes.map((_, k) => {
    const list: number[] = [];
    nodes.forEach((node, n) => {
      if (node.type === k) list.push(n);
    });
    return Int32Array.from(list);
  });
  const nodeCpuMilli = Float64Array.from(nodes, (node) => node.cpuMilli ?? Number.POSITIVE_INFINITY);
  const nodeMemoryMib = Float64Array.from(nodes, (node) => node.memoryMib ?? Number.POSITIVE_INFINITY);
  const hasNodeResources = nodes.every((node) => node.cpuMilli !== undefined && node.memoryMib !== undefined);
  return {
    name,
    gpuTypes,
    nodes,
    totalGpus: total,
    capacities,
    nodeType,
    nodeGpus,
    nodeFirstGpu,
    gpuNode,
    gpuType,
    nodesOfType,
    maxNodeGpus,
    nodeCpuMilli,
    nodeMemoryMib,
    hasNodeResources,
  };
}

/** Nodes grouped as (type, size, count) rows, for `gpusim presets` and summaries. */
export function describeCluster(cluster: Cluster): { type: string; gpusPerNode: number; nodes: number }[] {
  const rows = new Map<string, { type: string; gpusPerNode: number; nodes: number }>();
  for (const node of cluster.nodes) {
    const type = cluster.gpuTypes[node.type]!;
    const key = `${type}\u0000${node.gpus}`;
    const row = rows.get(key) ?? { type, gpusPerNode: node.gpus, nodes: 0 };
    row.nodes++;
    rows.set(key, row);
  }
  return [...rows.values()];
}
