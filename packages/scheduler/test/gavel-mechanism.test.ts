import { readFileSync } from 'node:fs';
import { silentLogger } from 'kit';
import { describe, expect, it } from 'vitest';
import { type MechanismOptions, simulate } from '../src/engine/simulate.ts';
import {
  clusterFromSpec,
  embeddedThroughputs,
  parseGavelTrace,
  resolveClusterTypes,
  runSimulation,
} from '../src/index.ts';
import { createPolicy, type PolicyName } from '../src/policies/index.ts';
import type { AllocationProblem, Policy } from '../src/policies/types.ts';
import { listWorkload } from '../src/workload/job.ts';
import { fastestFirst } from '../src/workload/throughputs.ts';

/**
 * Gavel's own simulate() run on a small trace with its allocations replaced by recorded ones
 * (how the file was made is in its `source`): the JCT of every job. Replaying the same
 * allocations through gpusim must give the same JCTs, which checks the mechanism alone: round
 * lengths, time shares, deficits, resets, the per-type queues and Gavel's type shuffle.
 */
const replay = JSON.parse(readFileSync(new URL('./fixtures/gavel-replay.json', import.meta.url), 'utf8')) as {
  cluster: string;
  seed: number;
  roundDuration: number;
  minimumTimeBetweenAllocationResets: number;
  traces: {
    name: string;
    description: string;
    trace: string[];
    policies: Record<
      string,
      { calls: { ids: string[]; x: number[][] }[]; gavelJcts: Record<string, number> }
    >;
  }[];
};

/** A policy that answers with the recorded allocations, call by call, for the same jobs. */
async function replayPolicy(name: PolicyName, calls: { ids: string[]; x: number[][] }[]): Promise<Policy> {
  const real = await createPolicy(name);
  let call = 0;
  return {
    ...real,
    allocate(problem: AllocationProblem) {
      const recorded = calls[call++];
      if (!recorded) throw new Error(`allocation ${call}: Gavel made only ${calls.length}`);
      expect(
        problem.jobs.map((job) => job.id),
        `jobs of allocation ${call}`,
      ).toEqual(recorded.ids);
      const x = Float64Array.from(recorded.x.flat());
      return { x, stats: { buildSeconds: 0, solveSeconds: 0, readSeconds: 0, lpSolves: 0, fellBack: false } };
    },
  };
}

const gavelExact: MechanismOptions = {
  roundDuration: replay.roundDuration,
  minReallocationInterval: replay.minimumTimeBetweenAllocationResets,
  earlyReset: true,
  idleCredit: true,
  forcedReset: true,
  unallocatedJobs: 'hold',
  leftoverFill: true,
};

describe("Gavel's round mechanism, replayed against Gavel's own scheduler", () => {
  const cluster = clusterFromSpec(replay.cluster, 1);
  const table = embeddedThroughputs();
  const types = resolveClusterTypes(table, cluster.gpuTypes);
  for (const { name: traceName, trace, policies } of replay.traces) {
    for (const [name, recorded] of Object.entries(policies)) {
      it(`${traceName}, ${name}: every job's JCT as Gavel's simulate() gives it`, async () => {
        const jobs = parseGavelTrace(trace.join('\n'), 'replay.trace', table, types, cluster.capacities);
        const out = await simulate({
          cluster,
          workload: listWorkload('replay', jobs),
          policy: await replayPolicy(name as PolicyName, recorded.calls),
          placement: 'first-fit',
          seed: replay.seed,
          mechanism: gavelExact,
          typeOrder: fastestFirst(table, types),
          maxSimTime: undefined,
          maxWallTime: undefined,
          window: undefined,
          config: {},
          logger: silentLogger,
          progress: undefined,
          signal: undefined,
          profile: false,
        });
        expect(out.endReason).toBe('completed');
        expect(out.reallocations).toBe(recorded.calls.length);
        for (let j = 0; j < out.store.count; j++) {
          const gavel = recorded.gavelJcts[String(out.store.id[j])]!;
          const ours = out.store.finish[j]! - out.store.arrival[j]!;
          expect(Math.abs(ours - gavel), `job ${out.store.id[j]}`).toBeLessThanOrEqual(1e-9 * gavel);
        }
      });
    }
  }
});

/** Gavel's integration test (Turquoise-T/cs244c-GPU_fragment, src/scheduler/tests/integration_test.py). */
const GOLDEN = { 'max-min-fairness': 57171.408617, 'max-min-fairness-agnostic': 73063.449596 };
const integration = {
  cluster: 'v100=36,p100=36,k80=36',
  gpusPerNode: 1,
  workload: 'gavel',
  numJobs: 50,
  allAtStart: true,
  seed: 0,
  roundDuration: 360,
  minReallocationInterval: 1920,
} as const;

describe("Gavel's golden JCTs", () => {
  it('reproduces both within 1%, and their ratio within 1%', async () => {
    const jct: Record<string, number> = {};
    for (const policy of ['max-min-fairness', 'max-min-fairness-agnostic'] as const) {
      const result = await runSimulation({ ...integration, policy });
      expect(result.summary.endReason).toBe('completed');
      jct[policy] = result.summary.metrics.avgJct!;
      expect(Math.abs(jct[policy]! / GOLDEN[policy] - 1), policy).toBeLessThan(0.01);
    }
    const ratio = jct['max-min-fairness-agnostic']! / jct['max-min-fairness']!;
    const golden = GOLDEN['max-min-fairness-agnostic'] / GOLDEN['max-min-fairness'];
    expect(Math.abs(ratio / golden - 1)).toBeLessThan(0.01);
  });
});

describe('allocation problems', () => {
  it("give every job its steps left and its time since arrival (Gavel's num_steps_remaining, times_since_start)", async () => {
    let problems = 0;
    // Steps left only shrink from one reset to the next; time since arrival only grows.
    const steps = new Map<string, number>();
    const since = new Map<string, number>();
    const result = await runSimulation(
      {
        preset: 'philly',
        numJobs: 30,
        jobsPerHour: 6,
        policy: 'max-min-fairness',
        minReallocationInterval: 0,
      },
      {
        wrapPolicy: (policy) => ({
          ...policy,
          allocate(problem) {
            problems++;
            for (const job of problem.jobs) {
              expect(job.stepsRemaining).toBeGreaterThan(0);
              expect(job.stepsRemaining).toBeLessThanOrEqual(steps.get(job.id) ?? Number.POSITIVE_INFINITY);
              expect(job.timeSinceArrival).toBeGreaterThanOrEqual(since.get(job.id) ?? 0);
              steps.set(job.id, job.stepsRemaining!);
              since.set(job.id, job.timeSinceArrival!);
            }
            return policy.allocate(problem);
          },
        }),
      },
    );
    expect(problems).toBe(result.summary.metrics.reallocations);
    expect(problems).toBeGreaterThan(10);
    // Some job was seen partway: fewer steps left than it started with.
    expect(
      Math.min(
        ...Array.from(
          result.jobs.totalSteps,
          (total, j) => (steps.get(String(result.jobs.id[j])) ?? total) / total,
        ),
      ),
    ).toBeLessThan(1);
  });
});
