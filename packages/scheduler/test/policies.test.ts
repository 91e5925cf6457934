import { describe, expect, it } from 'vitest';
import { createPolicy } from '../src/policies/index.ts';
import type { AllocationProblem } from '../src/policies/types.ts';
import { createRandom } from '../src/random.ts';

function randomProblem(seed: number, jobs: number): AllocationProblem {
  const random = createRandom(seed);
  const sizes = [1, 1, 1, 2, 4, 8];
  return {
    workerTypes: ['fast', 'mid', 'slow'],
    capacities: Float64Array.of(16, 8, 12),
    jobs: Array.from({ length: jobs }, (_, i) => ({
      id: String(i),
      scaleFactor: sizes[random.int(sizes.length)]!,
      priorityWeight: 1,
      throughputs: Float64Array.from([3, 2, 1], (speed) =>
        random.next() < 0.1 ? 0 : speed * (0.5 + random.next()),
      ),
    })),
  };
}

function checkFeasible(problem: AllocationProblem, x: Float64Array) {
  const K = problem.workerTypes.length;
  const used = new Float64Array(K);
  problem.jobs.forEach((job, i) => {
    let total = 0;
    for (let k = 0; k < K; k++) {
      const value = x[i * K + k]!;
      expect(value).toBeGreaterThanOrEqual(0);
      if (job.throughputs[k] === 0) expect(value).toBe(0);
      total += value;
      used[k]! += value * job.scaleFactor;
    }
    expect(total).toBeLessThanOrEqual(1 + 1e-9);
  });
  for (let k = 0; k < K; k++) expect(used[k]).toBeLessThanOrEqual(problem.capacities[k]! + 1e-9);
}

describe('fifo policy', () => {
  it('is feasible, gives whole types, and keeps running jobs where they are', async () => {
    const policy = await createPolicy('fifo');
    for (const seed of [1, 2, 3]) {
      const problem = randomProblem(seed, 30);
      const { x } = await policy.allocate(problem);
      checkFeasible(problem, x);
      for (const value of x) expect([0, 1]).toContain(value);
      // The first job always gets its fastest runnable type.
      const first = problem.jobs[0]!;
      const fastest = [...first.throughputs].indexOf(Math.max(...first.throughputs));
      expect(x[fastest]).toBe(1);
      // Move job 0 to its slowest runnable type in the previous allocation: it stays there.
      const slowest = [...first.throughputs].findLastIndex((value) => value > 0);
      const previous = new Map([['0', Float64Array.from([0, 1, 2], (k) => (k === slowest ? 1 : 0))]]);
      const again = await policy.allocate({ ...problem, previousAllocation: previous });
      expect(again.x[slowest]).toBe(1);
    }
  });
});

describe('isolated policy', () => {
  it('gives every job the same feasible share of each type it can use', async () => {
    const policy = await createPolicy('isolated');
    for (const jobs of [3, 40]) {
      const problem = randomProblem(jobs, jobs);
      const { x } = await policy.allocate(problem);
      checkFeasible(problem, x);
      const shares = new Set<number>();
      problem.jobs.forEach((job, i) => {
        if (job.throughputs[0]! > 0) shares.add(x[i * 3]!);
      });
      expect(shares.size).toBe(1);
    }
  });
});

describe("the engine's type shuffle", () => {
  // Gavel shuffles the type order every round for a policy whose name has neither "Perf" nor
  // "Packing" (scheduler.py, _schedule_jobs_on_workers). fifo is left out: it runs a job only where
  // its allocation is positive, on a single type, so the order cannot change what runs.
  const gavelNames = {
    isolated: 'Isolated',
    'max-min-fairness': 'MaxMinFairness_Perf',
    'max-min-fairness-agnostic': 'MaxMinFairness',
    'finish-time-fairness': 'FinishTimeFairness_Perf',
    'finish-time-fairness-agnostic': 'FinishTimeFairness',
    'min-total-duration': 'MinTotalDuration_Perf',
    'min-total-duration-agnostic': 'MinTotalDuration',
    'max-sum-throughput': 'ThroughputSumWithPerf',
  } as const;
  for (const [name, gavel] of Object.entries(gavelNames)) {
    it(`${name} shuffles as Gavel's ${gavel} does`, async () => {
      const policy = await createPolicy(name as keyof typeof gavelNames);
      expect(policy.heterogeneityAgnostic === true).toBe(!/Perf|Packing/.test(gavel));
    });
  }
});
