import { readFile } from 'node:fs/promises';
import { InputError, parseCsv, requireColumns } from 'kit';
import { buildCluster, type Cluster, type NodeSpec } from './cluster.ts';

/**
 * An openb node list (`sn,cpu_milli,memory_mib,gpu,model`). CPU-only nodes (gpu 0, no model) are
 * left out; types are ordered by first appearance. `cpu_milli` and `memory_mib` are optional
 * columns (the GPU-sharing placement needs them); when present every row must have them.
 */
export function clusterFromOpenbNodes(text: string, file: string): Cluster {
  const { header, records } = parseCsv(text, file);
  requireColumns(header, ['sn', 'gpu', 'model'], file);
  const withResources = header.includes('cpu_milli') && header.includes('memory_mib');
  const types: string[] = [];
  const nodes: NodeSpec[] = [];
  const names = new Set<string>();
  for (const { line, values } of records) {
    const count = (field: string, what: string) => {
      const raw = (values[field] ?? '').trim();
      const value = Number(raw);
      if (raw === '' || !Number.isInteger(value) || value < 0)
        throw InputError.expected({ file, line, field }, what, values[field]);
      return value;
    };
    const gpus = count('gpu', 'a GPU count');
    const model = values.model!.trim();
    const resources = withResources
      ? {
          cpuMilli: count('cpu_milli', 'milli-cores, an integer >= 0'),
          memoryMib: count('memory_mib', 'MiB, an integer >= 0'),
        }
      : {};
    if (gpus === 0) continue;
    if (!model)
      throw InputError.expected(
        { file, line, field: 'model' },
        'a GPU model for a node with GPUs',
        values.model,
      );
    const name = values.sn!.trim();
    if (names.has(name))
      throw InputError.expected({ file, line, field: 'sn' }, 'a node name used once', name);
    names.add(name);
    let type = types.indexOf(model);
    if (type < 0) type = types.push(model) - 1;
    nodes.push({ type, gpus, name, ...resources });
  }
  if (nodes.length === 0) throw new InputError({ file }, 'expected at least one GPU node, got none');
  return buildCluster(file, types, nodes);
}

export async function loadOpenbNodes(file: string): Promise<Cluster> {
  return clusterFromOpenbNodes(await readFile(file, 'utf8'), file);
}
