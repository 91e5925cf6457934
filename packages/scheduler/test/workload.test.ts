import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  clusterFromPreset,
  clusterFromSpec,
  embeddedThroughputs,
  findPreset,
  generatedWorkload,
  parseGavelThroughputs,
  parseGavelTrace,
  parseOpenbPods,
  resolveClusterTypes,
} from '../src/index.ts';
import type { JobSpec } from '../src/workload/job.ts';
import { describeShared } from './helpers.ts';

const philly = clusterFromPreset(findPreset('philly')!);
const alibaba = clusterFromPreset(findPreset('alibaba')!);
const table = embeddedThroughputs();

function drain(next: () => JobSpec | undefined): JobSpec[] {
  const jobs: JobSpec[] = [];
  for (let job = next(); job; job = next()) jobs.push(job);
  return jobs;
}

describe('generator', () => {
  const make = (seed: number, numJobs = 4000) =>
    generatedWorkload({
      seed,
      jobsPerHour: 10,
      numJobs,
      table,
      types: resolveClusterTypes(table, philly.gpuTypes),
      capacities: philly.capacities,
    });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = drain(make(7, 50).next);
    const b = drain(make(7, 50).next);
    const c = drain(make(8, 50).next);
    expect(a).toEqual(b);
    expect(a.map((job) => job.totalSteps)).not.toEqual(c.map((job) => job.totalSteps));
  });

  it("follows Gavel's scale-factor mix, Poisson rate and duration range", () => {
    const jobs = drain(make(1).next);
    expect(jobs).toHaveLength(4000);
    const share = (sf: number) => jobs.filter((job) => job.scaleFactor === sf).length / jobs.length;
    expect(share(1)).toBeCloseTo(0.7, 1);
    expect(share(2)).toBeCloseTo(0.1, 1);
    expect(share(4)).toBeCloseTo(0.15, 1);
    expect(share(8)).toBeCloseTo(0.05, 1);
    const hours = jobs[jobs.length - 1]!.arrival / 3600;
    expect(jobs.length / hours).toBeGreaterThan(9);
    expect(jobs.length / hours).toBeLessThan(11);
    for (const job of jobs) {
      const onV100 = job.totalSteps / job.throughputs[0]!;
      expect(onV100).toBeGreaterThan(60 * 10 ** 1.5 - 1);
      expect(onV100).toBeLessThan(60 * 10 ** 4 + 1);
      if (job.scaleFactor > 1) expect(job.jobType).not.toMatch(/A3C|CycleGAN|Recommendation/);
    }
  });

  it('gives unmeasured types their documented relative speed', () => {
    const types = resolveClusterTypes(table, alibaba.gpuTypes);
    const t4 = alibaba.gpuTypes.indexOf('T4');
    const g2 = alibaba.gpuTypes.indexOf('G2');
    expect(types.factor[t4]).toBeCloseTo(0.4);
    expect(types.factor[g2]).toBe(1);
    expect(() => resolveClusterTypes(table, ['v100', 'tpu'])).toThrow(
      'GPU type: expected a type with known throughputs',
    );
  });
});

describe('Gavel trace parser', () => {
  const types = resolveClusterTypes(table, philly.gpuTypes);
  const line = (fields: (string | number)[]) => fields.join('\t');
  const good = line(['ResNet-50 (batch size 64)', 'cmd', 'dir', '--n', 1, 2931, 1, 1, '-1.000000', 30]);

  it('reads jobs, sorts by arrival and keeps line-order ids', () => {
    const early = line(['LM (batch size 20)', 'cmd', 'dir', '--n', 1, 1000, 2, 2, -1, 0]);
    const jobs = parseGavelTrace(`${good}\n${early}\n`, 't.trace', table, types, philly.capacities);
    expect(jobs.map((job) => job.id)).toEqual([1, 0]);
    expect(jobs[0]!.scaleFactor).toBe(2);
    expect(jobs[0]!.priorityWeight).toBe(2);
    expect(jobs[1]!.throughputs[0]).toBeCloseTo(4.395, 3);
  });

  it('names file, line, field, expectation and value for bad lines', () => {
    const bad = line(['ResNet-50 (batch size 64)', 'cmd', 'dir', '--n', 1, 'many', 1, 1, -1, 0]);
    expect(() => parseGavelTrace(`${good}\n${bad}\n`, 't.trace', table, types, philly.capacities)).toThrow(
      't.trace:2: total_steps: expected a positive integer, got "many"',
    );
    const unknown = line(['GPT-9', 'cmd', 'dir', '--n', 1, 5, 1, 1, -1, 0]);
    expect(() => parseGavelTrace(unknown, 't.trace', table, types, philly.capacities)).toThrow(
      't.trace:1: job_type: expected a job type with scale factor 1',
    );
    expect(() => parseGavelTrace('a\tb\n', 't.trace', table, types, philly.capacities)).toThrow(
      't.trace:1: expected 10 tab-separated fields, got "2 fields"',
    );
    const tiny = clusterFromSpec('v100=4', 4);
    const wide = line(['LM (batch size 20)', 'cmd', 'dir', '--n', 1, 1000, 8, 1, -1, 0]);
    expect(() =>
      parseGavelTrace(wide, 't.trace', table, resolveClusterTypes(table, tiny.gpuTypes), tiny.capacities),
    ).toThrow('t.trace:1: scale_factor: expected a job that fits some GPU type of the cluster, got 8');
  });
});

describe('openb pod parser', () => {
  const header =
    'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time';
  it('skips and counts CPU-only pods and honours gpu_spec', () => {
    const text = `${header}\np0,1,1,1,1000,,LS,Running,0,100,10\np1,1,1,0,0,,LS,Running,5,50,5\np2,1,1,2,1000,T4|P100,BE,Pending,20,80,\n`;
    const { jobs, cpuOnly } = parseOpenbPods(text, 'pods.csv', alibaba.gpuTypes, alibaba.capacities);
    expect(cpuOnly).toBe(1);
    expect(jobs.map((job) => job.id)).toEqual([0, 2]);
    expect(jobs[0]!.totalSteps).toBe(90);
    expect(jobs[1]!.totalSteps).toBe(60);
    expect([...jobs[1]!.throughputs]).toEqual(
      alibaba.gpuTypes.map((type) => (type === 'T4' || type === 'P100' ? 1 : 0)),
    );
  });

  it('rejects unknown GPU types and bad numbers', () => {
    const unknown = `${header}\np0,1,1,1,1000,H100,LS,Running,0,100,10\n`;
    expect(() => parseOpenbPods(unknown, 'pods.csv', alibaba.gpuTypes, alibaba.capacities)).toThrow(
      'pods.csv:2: gpu_spec: expected GPU types of the cluster',
    );
    const bad = `${header}\np0,1,1,one,1000,,LS,Running,0,100,10\n`;
    expect(() => parseOpenbPods(bad, 'pods.csv', alibaba.gpuTypes, alibaba.capacities)).toThrow(
      'pods.csv:2: num_gpu: expected a number >= 0, got "one"',
    );
  });
});

describe('throughputs JSON parser', () => {
  it('reads isolated throughputs and rejects broken JSON with the file name', () => {
    const table = parseGavelThroughputs(
      '{"v100": {"(\'LM\', 1)": {"null": 2.5}}, "v100_unconsolidated": {}}',
      'x.json',
    );
    expect(table.measuredTypes).toEqual(['v100']);
    expect(table.models.get('LM')?.get(1)).toEqual([2.5]);
    expect(() => parseGavelThroughputs('{"v100": {"bad": {}}}', 'x.json')).toThrow(
      'x.json: v100.bad: expected a key like (\'Model\', 1), got "bad"',
    );
    expect(() => parseGavelThroughputs('{"v100": {"(\'LM\', 1)": {"null": -1}}}', 'x.json')).toThrow(
      "x.json: v100.('LM', 1).null: expected a throughput >= 0, got -1",
    );
    expect(() => parseGavelThroughputs('{', 'x.json')).toThrow('x.json: expected JSON');
  });
});

describeShared('simulation_throughputs.json', "Gavel's throughputs (shared file)", (path) => {
  it('has the measured types and agrees with the embedded table to 4 digits', () => {
    const parsed = parseGavelThroughputs(readFileSync(path, 'utf8'), path);
    expect([...parsed.measuredTypes].sort()).toEqual(['k80', 'p100', 'v100']);
    expect(parsed.models.size).toBe(26);
    for (const [model, bySf] of table.models) {
      for (const [sf, values] of bySf) {
        values.forEach((value, t) => {
          const column = parsed.measuredTypes.indexOf(table.measuredTypes[t]!);
          const exact = parsed.models.get(model)!.get(sf)![column]!;
          expect(Math.abs(value - exact)).toBeLessThanOrEqual(Math.abs(exact) * 5e-4);
        });
      }
    }
  });
});

describeShared('max_min_fairness.trace', 'Gavel trace (shared file)', (path) => {
  it('loads the 96 jobs with the documented scale factors', () => {
    const types = resolveClusterTypes(table, philly.gpuTypes);
    const jobs = parseGavelTrace(readFileSync(path, 'utf8'), path, table, types, philly.capacities);
    expect(jobs).toHaveLength(96);
    const count = (sf: number) => jobs.filter((job) => job.scaleFactor === sf).length;
    expect([count(1), count(2), count(4)]).toEqual([59, 19, 18]);
    expect(jobs[jobs.length - 1]!.arrival).toBe(46317);
  });
});

describeShared('openb_pod_list_default.csv', 'openb pod list (shared file)', (path) => {
  it('keeps the 7064 GPU pods and counts 1088 CPU-only ones', () => {
    const { jobs, cpuOnly } = parseOpenbPods(
      readFileSync(path, 'utf8'),
      path,
      alibaba.gpuTypes,
      alibaba.capacities,
    );
    expect(cpuOnly).toBe(1088);
    expect(jobs).toHaveLength(7064);
    expect(jobs.filter((job) => job.scaleFactor === 8)).toHaveLength(44);
  });
});
