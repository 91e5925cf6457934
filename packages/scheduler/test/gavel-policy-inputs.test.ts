import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createPolicy } from '../src/policies/index.ts';
import { feasibilityViolation, minRho } from '../src/policies/objective.ts';
import type { AllocationProblem } from '../src/policies/types.ts';

/**
 * The max-min inputs of Gavel's policy tests with each one's LP optimum from SciPy (the command
 * that made them is in the file): gpusim's policies must reach it, stay feasible, and put nothing
 * where a job cannot run.
 */
interface Case {
  test: string;
  throughputs: Record<string, number>[];
  scaleFactors: number[];
  priorityWeights: number[];
  cluster: Record<string, number>;
  optimum: Record<'max-min-fairness' | 'max-min-fairness-agnostic', number>;
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/gavel-policy-inputs.json', import.meta.url), 'utf8'),
) as { cases: Case[] };
const TYPES = ['v100', 'p100', 'k80'];

function problemOf(c: Case): AllocationProblem {
  return {
    workerTypes: TYPES,
    capacities: Float64Array.from(TYPES, (t) => c.cluster[t]!),
    jobs: c.throughputs.map((t, i) => ({
      id: String(i),
      scaleFactor: c.scaleFactors[i]!,
      priorityWeight: c.priorityWeights[i]!,
      throughputs: Float64Array.from(TYPES, (type) => t[type]!),
    })),
  };
}

describe("Gavel's policy-test inputs", () => {
  for (const c of fixture.cases) {
    const label = `${c.test}, scale factors ${c.scaleFactors.join('/')}, cluster ${TYPES.map((t) => c.cluster[t]).join(':')}`;
    it(label, async () => {
      const problem = problemOf(c);
      for (const name of ['max-min-fairness', 'max-min-fairness-agnostic'] as const) {
        const { x, stats } = await (await createPolicy(name)).allocate(problem);
        expect(stats.fellBack).toBe(false);
        const objective = minRho(problem, x, name === 'max-min-fairness-agnostic');
        expect(Math.abs(objective / c.optimum[name] - 1), name).toBeLessThan(1e-7);
        expect(feasibilityViolation(problem, x)).toBeLessThanOrEqual(1e-9);
        problem.jobs.forEach((job, i) => {
          for (let k = 0; k < TYPES.length; k++) if (job.throughputs[k] === 0) expect(x[i * 3 + k]).toBe(0);
        });
      }
      if (c.test.endsWith('test_isolated')) {
        // Gavel asserts that its isolated policy's min of s_i sum_k x_ik equals the agnostic LP's:
        // min(min_i s_i, N / m) here, as every job can use every type.
        const N = TYPES.reduce((sum, t) => sum + c.cluster[t]!, 0);
        const isolated = Math.min(...c.scaleFactors, N / c.scaleFactors.length);
        expect(c.optimum['max-min-fairness-agnostic']).toBeCloseTo(isolated, 12);
      }
    });
  }

  it('runs through gpusim solve, objective and all', async () => {
    const c = fixture.cases.find((entry) => entry.test.includes('TestZeroThroughput'))!;
    const dir = await mkdtemp(join(tmpdir(), 'gpusim-gavel-inputs-'));
    try {
      const file = join(dir, 'problem.json');
      await writeFile(
        file,
        JSON.stringify({
          workerTypes: c.cluster,
          jobs: c.throughputs.map((throughputs, i) => ({
            id: `job${i}`,
            scaleFactor: c.scaleFactors[i],
            priorityWeight: c.priorityWeights[i],
            throughputs,
          })),
        }),
      );
      const bin = new URL('../bin/gpusim.js', import.meta.url).pathname;
      const { stdout } = await promisify(execFile)(process.execPath, [
        bin,
        'solve',
        '--policy',
        'max-min-fairness',
        '--problem',
        file,
      ]);
      const answer = JSON.parse(stdout) as {
        objective: number;
        allocation: Record<string, Record<string, number>>;
      };
      expect(answer.objective).toBeCloseTo(c.optimum['max-min-fairness'], 9);
      expect(answer.allocation.job1!.k80 ?? 0).toBe(0);
      expect(answer.allocation.job3!.k80 ?? 0).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
