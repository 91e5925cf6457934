import { createRandom, deriveSeed } from '../random.ts';
import type { JobSpec, SizeClass, Workload } from './job.ts';
import { jobThroughputs, type ThroughputTable, type TypeResolution } from './throughputs.ts';

/** Gavel's Philly-derived scale factor distribution (scheduler/utils.py, _generate_scale_factor). */
export const SCALE_FACTOR_MIX: readonly { scaleFactor: number; probability: number }[] = [
  { scaleFactor: 1, probability: 0.7 },
  { scaleFactor: 2, probability: 0.1 },
  { scaleFactor: 4, probability: 0.15 },
  { scaleFactor: 8, probability: 0.05 },
];

export interface GeneratorOptions {
  seed: number;
  /** Poisson arrivals at this rate; 0 puts every job at t = 0. */
  jobsPerHour: number;
  /** Stop after this many jobs; undefined = without bound (steady state). */
  numJobs: number | undefined;
  table: ThroughputTable;
  types: TypeResolution;
  capacities: Float64Array;
}

/**
 * Gavel's synthetic workload: Poisson arrivals, a model drawn uniformly from the job table
 * (distributed models only when the scale factor is above 1), and the bimodal duration
 * `60 * 10^U(1.5, 3)` s with probability 0.8, else `60 * 10^U(3, 4)` s, turned into steps on the
 * reference type (v100 when measured). Jobs that cannot run on this cluster are redrawn.
 */
export function generatedWorkload(options: GeneratorOptions): Workload {
  const { table, types, capacities } = options;
  const reference = Math.max(0, table.measuredTypes.indexOf('v100'));
  const models = [...table.models.keys()];
  const modelsFor = (scaleFactor: number) =>
    models.filter((model) => table.models.get(model)!.has(scaleFactor));
  const eligible = new Map(SCALE_FACTOR_MIX.map(({ scaleFactor }) => [scaleFactor, modelsFor(scaleFactor)]));
  const runnable = (throughputs: Float64Array, scaleFactor: number) =>
    throughputs.some((value, k) => value > 0 && capacities[k]! >= scaleFactor);

  const arrivals = createRandom(deriveSeed(options.seed, 0));
  const kinds = createRandom(deriveSeed(options.seed, 1));
  const durations = createRandom(deriveSeed(options.seed, 2));
  const rate = options.jobsPerHour / 3600;
  let time = 0;
  let id = 0;

  const drawScaleFactor = () => {
    const r = kinds.next();
    let sum = 0;
    for (const { scaleFactor, probability } of SCALE_FACTOR_MIX) {
      sum += probability;
      if (r < sum) return scaleFactor;
    }
    return SCALE_FACTOR_MIX[SCALE_FACTOR_MIX.length - 1]!.scaleFactor;
  };

  const next = (): JobSpec | undefined => {
    if (options.numJobs !== undefined && id >= options.numJobs) return undefined;
    for (let attempt = 0; attempt < 1000; attempt++) {
      const scaleFactor = drawScaleFactor();
      const candidates = eligible.get(scaleFactor)!;
      if (candidates.length === 0) continue;
      const model = candidates[kinds.int(candidates.length)]!;
      const throughputs = jobThroughputs(table, types, model, scaleFactor)!;
      if (!runnable(throughputs, scaleFactor)) continue;
      const runTime =
        durations.next() >= 0.8 ? 60 * 10 ** durations.uniform(3, 4) : 60 * 10 ** durations.uniform(1.5, 3);
      const steps = Math.max(1, Math.round(runTime * table.models.get(model)!.get(scaleFactor)![reference]!));
      const job: JobSpec = {
        id,
        jobType: model,
        scaleFactor,
        totalSteps: steps,
        arrival: time,
        priorityWeight: 1,
        throughputs,
      };
      id++;
      // A rate of 0 is Gavel's lam = 0: every job arrives at t = 0.
      if (rate > 0) time += arrivals.exponential(rate);
      return job;
    }
    throw new Error('the generator found no job type that can run on this cluster');
  };

  const sizeMix = expectedSizeMix(SCALE_FACTOR_MIX, modelsFor, table, types, capacities);

  return {
    description: `generated (${options.jobsPerHour > 0 ? `${options.jobsPerHour} jobs/hour` : 'all at t = 0'}, seed ${options.seed})`,
    next,
    total: options.numJobs,
    sizeMix,
    skipped: {},
  };
}

/**
 * The expected mix of a generator, for FGD: each scale factor's share split evenly over the
 * models it draws from, keeping only the (model, scale factor) pairs this cluster can run.
 */
export function expectedSizeMix(
  mix: readonly { scaleFactor: number; probability: number }[],
  modelsFor: (scaleFactor: number) => readonly string[],
  table: ThroughputTable,
  types: TypeResolution,
  capacities: Float64Array,
): SizeClass[] {
  const classes = new Map<string, SizeClass>();
  for (const { scaleFactor, probability } of mix) {
    const candidates = modelsFor(scaleFactor);
    for (const model of candidates) {
      const throughputs = jobThroughputs(table, types, model, scaleFactor);
      if (!throughputs?.some((value, k) => value > 0 && capacities[k]! >= scaleFactor)) continue;
      const allowed = Uint8Array.from(throughputs, (value) => (value > 0 ? 1 : 0));
      const key = `${scaleFactor}:${allowed.join('')}`;
      const entry = classes.get(key) ?? { scaleFactor, allowed, weight: 0 };
      entry.weight += probability / candidates.length;
      classes.set(key, entry);
    }
  }
  const sizeMix = [...classes.values()];
  const sum = sizeMix.reduce((total, entry) => total + entry.weight, 0);
  for (const entry of sizeMix) entry.weight /= sum;
  return sizeMix;
}
