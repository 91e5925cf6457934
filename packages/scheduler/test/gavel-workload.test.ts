import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterFromSpec, embeddedThroughputs, resolveClusterTypes, runSimulation } from '../src/index.ts';
import { GAVEL_JOB_TABLE, gavelWorkload } from '../src/workload/gavel-generator.ts';
import type { JobSpec } from '../src/workload/job.ts';
import { fastestFirst } from '../src/workload/throughputs.ts';

/** Job streams from Gavel's own generate_job (how they were made is in the file's `source`). */
interface Stream {
  seed: number;
  jobsPerHour: number;
  multiGpu: boolean;
  multiPriority: boolean;
  jobs: {
    jobType: string;
    scaleFactor: number;
    totalSteps: number;
    priorityWeight: number;
    arrival: number;
  }[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/gavel-jobs.json', import.meta.url), 'utf8')) as {
  streams: Stream[];
};
const cluster = clusterFromSpec('v100=36,p100=36,k80=36', 1);
const table = embeddedThroughputs();
const types = resolveClusterTypes(table, cluster.gpuTypes);

function drain(next: () => JobSpec | undefined): JobSpec[] {
  const jobs: JobSpec[] = [];
  for (let job = next(); job; job = next()) jobs.push(job);
  return jobs;
}

describe("Gavel's generator, draw for draw", () => {
  for (const stream of fixture.streams) {
    it(`seed ${stream.seed}, ${stream.jobsPerHour} jobs/h${stream.multiGpu ? ', multi-GPU and priorities' : ''}: Gavel's jobs`, () => {
      const jobs = drain(
        gavelWorkload({
          seed: stream.seed,
          jobsPerHour: stream.jobsPerHour,
          numJobs: stream.jobs.length,
          multiGpu: stream.multiGpu,
          multiPriority: stream.multiPriority,
          table,
          types,
          capacities: cluster.capacities,
        }).next,
      );
      expect(jobs.map((job) => [job.jobType, job.scaleFactor, job.priorityWeight])).toEqual(
        stream.jobs.map((job) => [job.jobType, job.scaleFactor, job.priorityWeight]),
      );
      jobs.forEach((job, i) => {
        const expected = stream.jobs[i]!;
        // Only pow and log may differ from C's in the last bit.
        expect(Math.abs(job.totalSteps / expected.totalSteps - 1)).toBeLessThan(1e-14);
        expect(Math.abs(job.arrival - expected.arrival)).toBeLessThanOrEqual(
          1e-9 * Math.max(1, expected.arrival),
        );
        expect(job.id).toBe(i);
      });
      if (stream.multiGpu) expect(new Set(jobs.map((job) => job.scaleFactor)).size).toBeGreaterThan(2);
    });
  }

  it('keeps Gavel’s job table order, which is what its choice() indexes', () => {
    expect(GAVEL_JOB_TABLE).toHaveLength(26);
    expect(GAVEL_JOB_TABLE[9]!.model).toBe('Transformer (batch size 16)');
    expect(GAVEL_JOB_TABLE[24]).toEqual({ model: 'A3C', distributed: false });
    for (const { model } of GAVEL_JOB_TABLE) expect(table.models.get(model)?.has(1)).toBe(true);
  });

  it('orders the types fastest first, as Gavel walks v100, p100, k80', () => {
    const shuffled = clusterFromSpec('k80=4,v100=4,p100=4', 1);
    const order = fastestFirst(table, resolveClusterTypes(table, shuffled.gpuTypes));
    expect(Array.from(order, (k) => shuffled.gpuTypes[k])).toEqual(['v100', 'p100', 'k80']);
  });

  it('refuses a job the cluster cannot run instead of redrawing it', () => {
    const k80Only = clusterFromSpec('k80=8', 8);
    const workload = gavelWorkload({
      seed: 3,
      jobsPerHour: 4,
      numJobs: 400,
      multiGpu: true,
      multiPriority: false,
      table,
      types: resolveClusterTypes(table, k80Only.gpuTypes),
      capacities: k80Only.capacities,
    });
    // ResNet-50 with batch size 128 has no K80 throughput on more than one GPU.
    expect(() => drain(workload.next)).toThrow(/cannot run on any GPU type of this cluster/);
  });

  it('is selected with workload gavel, and its options are refused elsewhere', async () => {
    const result = await runSimulation({
      cluster: 'v100=36,p100=36,k80=36',
      gpusPerNode: 1,
      workload: 'gavel',
      numJobs: 5,
      allAtStart: true,
      policy: 'fifo',
    });
    expect(Array.from(result.jobs.arrival)).toEqual([0, 0, 0, 0, 0]);
    const ours = await runSimulation({ preset: 'philly', numJobs: 5, allAtStart: true });
    expect(Array.from(ours.jobs.arrival)).toEqual([0, 0, 0, 0, 0]);
    expect(result.jobs.jobType).toEqual(fixture.streams[0]!.jobs.slice(0, 5).map((job) => job.jobType));
    await expect(runSimulation({ multiGpu: true })).rejects.toThrow('--multi-gpu: only with workload gavel');
    await expect(runSimulation({ allAtStart: true, window: '1:2' })).rejects.toThrow(
      '--all-at-start: cannot be combined with window',
    );
  });
});
