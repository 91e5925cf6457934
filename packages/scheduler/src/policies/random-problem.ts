import { findPreset } from '../cluster/presets.ts';
import { createRandom } from '../random.ts';
import type { AllocationProblem, ProblemJob } from './types.ts';

/**
 * Seeded random allocation problems shaped like the Alibaba openb cluster, for the
 * property tests and the benchmark. Not used by the simulator itself.
 */
export const ALIBABA_LIKE_TYPES: readonly { name: string; gpus: number; speed: number }[] = [
  { name: 'G2', gpus: presetGpus('G2'), speed: 1.0 },
  { name: 'T4', gpus: presetGpus('T4'), speed: 0.45 },
  { name: 'G3', gpus: presetGpus('G3'), speed: 1.6 },
  { name: 'P100', gpus: presetGpus('P100'), speed: 0.6 },
  { name: 'V100M32', gpus: presetGpus('V100M32'), speed: 1.3 },
  { name: 'V100M16', gpus: presetGpus('V100M16'), speed: 1.2 },
];

/** GPUs of one type in the alibaba preset (4,392 G2 down to 195 V100M16). */
function presetGpus(type: string): number {
  let gpus = 0;
  for (const group of findPreset('alibaba')!.groups)
    if (group.type === type) gpus += group.nodes * group.gpusPerNode;
  return gpus;
}

export interface RandomProblemOptions {
  jobs: number;
  seed: number;
  /** GPUs per type; defaults to the Alibaba-like capacities. */
  capacities?: readonly number[];
  /** Probability that a job cannot run on a given type (never on all of them). */
  zeroProbability?: number;
  /** Scale factors to draw from. */
  scaleFactors?: readonly number[];
}

export function randomProblem(options: RandomProblemOptions): AllocationProblem {
  const rand = createRandom(options.seed).next;
  const types = ALIBABA_LIKE_TYPES;
  const capacities = Float64Array.from(options.capacities ?? types.map((t) => t.gpus));
  const K = capacities.length;
  const zero = options.zeroProbability ?? 0.1;
  const scales = options.scaleFactors ?? [1, 1, 1, 1, 2, 2, 4, 8];
  const jobs: ProblemJob[] = [];
  for (let i = 0; i < options.jobs; i++) {
    const throughputs = new Float64Array(K);
    // Each model gains differently from faster types: the heterogeneity the LP exploits.
    const affinity = 0.3 + rand() * 1.4;
    const size = 0.2 + rand() * 5;
    let any = false;
    for (let k = 0; k < K; k++) {
      if (rand() < zero) continue;
      const speed = types[k % types.length]!.speed;
      throughputs[k] = size * speed ** affinity * (0.85 + rand() * 0.3);
      any = true;
    }
    if (!any) throughputs[Math.floor(rand() * K)] = size;
    jobs.push({
      id: String(i),
      scaleFactor: scales[Math.floor(rand() * scales.length)]!,
      priorityWeight: rand() < 0.8 ? 1 : 2,
      throughputs,
    });
  }
  return { workerTypes: types.slice(0, K).map((t, k) => t?.name ?? `type${k}`), capacities, jobs };
}
