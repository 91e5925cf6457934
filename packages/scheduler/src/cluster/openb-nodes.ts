import { readFile } from 'node:fs/promises';
import { InputError, parseCsv, requireColumns } from 'kit';
import { buildCluster, type Cluster, type NodeSpec } from './cluster.ts';

/**
 * An openb node list (`sn,cpu_milli,memory_mib,gpu,model`). CPU-only nodes (gpu 0, no model) are
 * left out; types are ordered by first appearance.
 */
export function clusterFromOpenbNodes(text: string, file: string): Cluster {
  const { header, records } = parseCsv(text, file);
  requireColumns(header, ['sn', 'gpu', 'model'], file);
  const types: string[] = [];
  const nodes: NodeSpec[] = [];
  for (const { line, values } of records) {
    const gpus = Number(values.gpu);
    if (!Number.isInteger(gpus) || gpus < 0)
      throw InputError.expected({ file, line, field: 'gpu' }, 'a GPU count', values.gpu);
    const model = values.model!.trim();
    if (gpus === 0) continue;
    if (!model)
      throw InputError.expected(
        { file, line, field: 'model' },
        'a GPU model for a node with GPUs',
        values.model,
      );
    let type = types.indexOf(model);
    if (type < 0) type = types.push(model) - 1;
    nodes.push({ type, gpus, name: values.sn! });
  }
  if (nodes.length === 0) throw new InputError({ file }, 'expected at least one GPU node, got none');
  return buildCluster(file, types, nodes);
}

export async function loadOpenbNodes(file: string): Promise<Cluster> {
  return clusterFromOpenbNodes(await readFile(file, 'utf8'), file);
}
