/**
 * The openb files for pod-list runs (from the shared data folder), and the default pod list made
 * busier: the same pods with their arrivals `speedup` times closer together and their run times
 * unchanged. As recorded, the list keeps the openb cluster 0.2% busy (7,064 GPU pods over 149
 * days, at most 52 at once), so nothing ever waits; even with every arrival within minutes
 * (20,000x) the pods ask for 5,534 of the 6,212 GPUs at the peak. A busy run therefore takes both:
 * arrivals closer together and a part of the cluster (`nodeListPart`).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvField, parseCsv, sharedPath } from 'kit';

export function openbFiles(): { nodes: string; pods: string } | undefined {
  const nodes = sharedPath('data', 'scheduler', 'openb_node_list_gpu_node.csv');
  const pods = sharedPath('data', 'scheduler', 'openb_pod_list_default.csv');
  return nodes && pods ? { nodes, pods } : undefined;
}

function tempFile(name: string, text: string): string {
  const out = join(mkdtempSync(join(tmpdir(), 'gpusim-openb-')), name);
  writeFileSync(out, text);
  return out;
}

/**
 * Writes a node list with one node in `every` of each node size (model, GPUs, CPU, memory) and at
 * least one of each, so every pod that fits the whole cluster still fits; returns its path.
 */
export function nodeListPart(file: string, every: number): string {
  const text = readFileSync(file, 'utf8');
  const { header, records } = parseCsv(text, file);
  const seen = new Map<string, number>();
  const lines = [header.join(',')];
  for (const { values } of records) {
    const size = ['model', 'gpu', 'cpu_milli', 'memory_mib'].map((field) => values[field]).join('/');
    const count = seen.get(size) ?? 0;
    seen.set(size, count + 1);
    if (count % every === 0) lines.push(header.map((field) => csvField(values[field])).join(','));
  }
  return tempFile(`openb_node_list_1_in_${every}.csv`, `${lines.join('\n')}\n`);
}

/** Writes the pod list with arrivals compressed `speedup` times into a temporary file; returns its path. */
export function compressedPodList(file: string, speedup: number): string {
  const { header, records } = parseCsv(readFileSync(file, 'utf8'), file);
  const lines = [header.join(',')];
  for (const { values } of records) {
    const created = Number(values.creation_time);
    const shift = created - created / speedup;
    const moved: Record<string, string> = { ...values, creation_time: String(created - shift) };
    for (const field of ['scheduled_time', 'deletion_time'])
      if ((values[field] ?? '').trim() !== '') moved[field] = String(Number(values[field]) - shift);
    lines.push(header.map((field) => csvField(moved[field])).join(','));
  }
  return tempFile(`openb_pod_list_x${speedup}.csv`, `${lines.join('\n')}\n`);
}
