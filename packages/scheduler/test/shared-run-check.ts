import { expect } from 'vitest';
import { readRunFile } from '../src/format/index.ts';
import type { RunResult } from '../src/index.ts';

/** A row of an openb node list and of a pod list, for tests that write their own. */
export interface NodeRow {
  name: string;
  cpu: number;
  memory: number;
  gpus: number;
  model: string;
}

export interface PodRow {
  name: string;
  cpu: number;
  memory: number;
  gpus: number;
  milli: number;
  spec?: string;
  arrival: number;
  duration: number;
}

export const nodesCsv = (nodes: readonly NodeRow[]) =>
  `sn,cpu_milli,memory_mib,gpu,model\n${nodes.map((n) => `${n.name},${n.cpu},${n.memory},${n.gpus},${n.model}`).join('\n')}\n`;

export const podsCsv = (pods: readonly PodRow[]) =>
  `name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,creation_time,deletion_time,scheduled_time\n${pods
    .map(
      (p) =>
        `${p.name},${p.cpu},${p.memory},${p.gpus},${p.milli},${p.spec ?? ''},${p.arrival},${p.arrival + p.duration},${p.arrival}`,
    )
    .join('\n')}\n`;

/**
 * Checks a GPU-sharing run round by round from its run file alone (ALOC and FRAC), against the
 * node sizes it ran on and the pods' requests in the job table: no GPU holds more than 1,000
 * milli-GPU, no node more CPU or memory than it has, every pod's GPUs are on one node (a shared
 * pod on one GPU with its milli-GPU, a whole-GPU pod on its GPUs alone), and the round's running
 * count and milli-GPU utilization are what the holders say.
 */
export function checkSharedRun(result: RunResult, nodes: readonly NodeRow[]): void {
  const file = readRunFile(result.runFile);
  const { jobs } = result;
  const pods = jobs.pods!;
  const width = result.rounds.names.length;
  const column = (name: string, r: number) =>
    result.rounds.values[r * width + result.rounds.names.indexOf(name)]!;
  expect(file.roundCount).toBe(result.rounds.count);
  for (let r = 0; r < file.roundCount; r++) {
    const owners = file.ownersAt(r);
    const holders = new Map<number, [number, number][]>();
    if (file.hasShares) {
      const shares = file.sharesAt(r);
      shares.gpus.forEach((gpu, i) => {
        const list: [number, number][] = [];
        for (let e = shares.offsets[i]!; e < shares.offsets[i + 1]!; e++)
          list.push([shares.owner[e]!, shares.milli[e]!]);
        holders.set(gpu, list);
        expect(list.map(([owner]) => owner)).toContain(owners[gpu]);
      });
    }
    owners.forEach((job, gpu) => {
      if (job >= 0 && !holders.has(gpu)) holders.set(gpu, [[job, 1000]]);
    });
    const gpusOf = new Map<number, { gpu: number; milli: number; alone: boolean }[]>();
    let milliTotal = 0;
    for (const [gpu, list] of holders) {
      const sum = list.reduce((total, [, milli]) => total + milli, 0);
      if (sum > 1000) expect.fail(`round ${r}: GPU ${gpu} holds ${sum} milli-GPU`);
      milliTotal += sum;
      for (const [job, milli] of list) {
        const held = gpusOf.get(job) ?? [];
        held.push({ gpu, milli, alone: list.length === 1 });
        gpusOf.set(job, held);
      }
    }
    const cpu = new Float64Array(nodes.length);
    const memory = new Float64Array(nodes.length);
    for (const [job, held] of gpusOf) {
      const node = file.gpuNode[held[0]!.gpu]!;
      for (const { gpu } of held) expect(file.gpuNode[gpu], `round ${r}: job ${job} spans nodes`).toBe(node);
      const milli = pods.gpuMilli[job]!;
      if (milli < 1000) {
        expect(held).toEqual([{ gpu: held[0]!.gpu, milli, alone: held[0]!.alone }]);
      } else {
        expect(held.length, `round ${r}: job ${job} GPUs`).toBe(jobs.scaleFactor[job]);
        for (const entry of held)
          expect(entry, `round ${r}: job ${job} shares a whole GPU`).toMatchObject({
            milli: 1000,
            alone: true,
          });
      }
      cpu[node]! += pods.cpuMilli[job]!;
      memory[node]! += pods.memoryMib[job]!;
      expect(jobs.start[job]).toBeLessThanOrEqual(file.roundTimes[r]!);
    }
    nodes.forEach((node, n) => {
      if (cpu[n]! > node.cpu)
        expect.fail(`round ${r}: node ${node.name} holds ${cpu[n]} milli-cores of ${node.cpu}`);
      if (memory[n]! > node.memory)
        expect.fail(`round ${r}: node ${node.name} holds ${memory[n]} MiB of ${node.memory}`);
    });
    expect(gpusOf.size, `round ${r}: running`).toBe(column('running', r));
    expect(column('utilization', r)).toBeCloseTo(milliTotal / (1000 * file.gpuCount), 12);
    expect(column('shared_gpus', r)).toBe(file.hasShares ? file.sharesAt(r).gpus.length : 0);
  }
  for (let j = 0; j < jobs.id.length; j++) {
    if (Number.isNaN(jobs.finish[j]!)) continue;
    expect(jobs.stepsDone[j]).toBe(jobs.totalSteps[j]);
    expect(jobs.start[j]).toBeGreaterThanOrEqual(jobs.arrival[j]!);
  }
}
