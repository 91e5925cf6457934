import { InputError } from 'kit';
import { expectedSizeMix, SCALE_FACTOR_MIX } from './generator.ts';
import type { JobSpec, Workload } from './job.ts';
import { PythonRandom } from './python-random.ts';
import { jobThroughputs, type ThroughputTable, type TypeResolution } from './throughputs.ts';

/**
 * Gavel's job table (scheduler/job_table.py) in its order, which is what `rng.choice` indexes:
 * ResNet-18, ResNet-50, Transformer and LM at several batch sizes can run on several GPUs;
 * Recommendation, A3C and CycleGAN cannot.
 */
export const GAVEL_JOB_TABLE: readonly { model: string; distributed: boolean }[] = [
  ...[16, 32, 64, 128, 256].map((b) => ({ model: `ResNet-18 (batch size ${b})`, distributed: true })),
  ...[16, 32, 64, 128].map((b) => ({ model: `ResNet-50 (batch size ${b})`, distributed: true })),
  ...[16, 32, 64, 128, 256].map((b) => ({ model: `Transformer (batch size ${b})`, distributed: true })),
  ...[5, 10, 20, 40, 80].map((b) => ({ model: `LM (batch size ${b})`, distributed: true })),
  ...[512, 1024, 2048, 4096, 8192].map((b) => ({
    model: `Recommendation (batch size ${b})`,
    distributed: false,
  })),
  { model: 'A3C', distributed: false },
  { model: 'CycleGAN', distributed: false },
];

export interface GavelGeneratorOptions {
  /** Gavel's `seed`: jobs draw from Random(seed + 2), interarrival times from Random(seed + 3). */
  seed: number;
  /** Poisson arrivals at this rate (Gavel's lam = 3600 / jobsPerHour); 0 puts every job at t = 0. */
  jobsPerHour: number;
  numJobs: number | undefined;
  /** Gavel's generate_multi_gpu_jobs: scale factors 1, 2, 4, 8 (else every job gets 1 GPU). */
  multiGpu: boolean;
  /** Gavel's generate_multi_priority_jobs: 20% of jobs get priority weight 5. */
  multiPriority: boolean;
  table: ThroughputTable;
  types: TypeResolution;
  capacities: Float64Array;
}

/**
 * Gavel's generated workload exactly (`generate_job` in scheduler/utils.py and the interarrival
 * draw of `Scheduler.simulate`): per job, in this order, the scale factor from uniform(0, 1), the
 * duration (random() >= 0.8 ? 60 * 10^uniform(3, 4) : 60 * 10^uniform(1.5, 3) seconds), the
 * model by `choice` over the job table until it suits the scale factor, then optionally the
 * priority. Steps are the duration times the model's V100 throughput, unrounded as in Gavel.
 * Unlike gpusim's own generator nothing is redrawn, so a job the cluster cannot run is an error.
 */
export function gavelWorkload(options: GavelGeneratorOptions): Workload {
  const { table, types, capacities } = options;
  const reference = table.measuredTypes.indexOf('v100');
  if (reference < 0) {
    throw InputError.expected(
      { field: '--throughputs' },
      "a table with v100 throughputs (Gavel's generator counts steps on the V100)",
      table.source,
    );
  }
  for (const { model } of GAVEL_JOB_TABLE) {
    if (!table.models.get(model)?.has(1))
      throw InputError.expected(
        { field: '--throughputs' },
        `every model of Gavel's job table (${model})`,
        table.source,
      );
  }
  const jobs = new PythonRandom(options.seed + 2);
  const interarrival = new PythonRandom(options.seed + 3);
  const lam = options.jobsPerHour > 0 ? 3600 / options.jobsPerHour : 0;
  let arrival = 0;
  let id = 0;

  const next = (): JobSpec | undefined => {
    if (options.numJobs !== undefined && id >= options.numJobs) return undefined;
    const r = jobs.uniform(0, 1);
    // Gavel's closed intervals, so r = 0.8 gives 2 and r = 0.95 gives 4.
    let scaleFactor = r >= 0.7 && r <= 0.8 ? 2 : r >= 0.8 && r <= 0.95 ? 4 : r >= 0.95 ? 8 : 1;
    const runTime = jobs.random() >= 0.8 ? 60 * 10 ** jobs.uniform(3, 4) : 60 * 10 ** jobs.uniform(1.5, 3);
    if (!options.multiGpu) scaleFactor = 1;
    let template = jobs.choice(GAVEL_JOB_TABLE);
    while (scaleFactor > 1 && !template.distributed) template = jobs.choice(GAVEL_JOB_TABLE);
    const values = table.models.get(template.model)?.get(scaleFactor);
    if (!values) {
      throw InputError.expected(
        { field: '--throughputs' },
        `throughputs of ${template.model} on ${scaleFactor} GPUs`,
        table.source,
      );
    }
    const priorityWeight = options.multiPriority && jobs.uniform(0, 1) <= 0.2 ? 5 : 1;
    const throughputs = jobThroughputs(table, types, template.model, scaleFactor)!;
    if (!throughputs.some((value, k) => value > 0 && capacities[k]! >= scaleFactor)) {
      throw new InputError(
        { field: '--workload gavel' },
        `job ${id} (${template.model} on ${scaleFactor} GPUs) cannot run on any GPU type of this cluster, and Gavel's generator does not redraw; use the default workload on this cluster`,
      );
    }
    const job: JobSpec = {
      id,
      jobType: template.model,
      scaleFactor,
      totalSteps: runTime * values[reference]!,
      arrival,
      priorityWeight,
      throughputs,
    };
    id++;
    if (lam > 0) arrival += -Math.log(1 - interarrival.random()) / (1 / lam);
    return job;
  };

  const mix = options.multiGpu ? SCALE_FACTOR_MIX : [{ scaleFactor: 1, probability: 1 }];
  const modelsFor = (scaleFactor: number) =>
    GAVEL_JOB_TABLE.filter((entry) => scaleFactor === 1 || entry.distributed).map((entry) => entry.model);
  return {
    description: `Gavel's generator (${options.jobsPerHour > 0 ? `${options.jobsPerHour} jobs/hour` : 'all at t = 0'}, seed ${options.seed}${options.multiGpu ? ', multi-GPU' : ''}${options.multiPriority ? ', multi-priority' : ''})`,
    next,
    total: options.numJobs,
    sizeMix: expectedSizeMix(mix, modelsFor, table, types, capacities),
    skipped: {},
  };
}
