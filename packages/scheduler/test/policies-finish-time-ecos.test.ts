import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  finishTimeTerms,
  jobProgress,
  maxFinishTimeRatio,
  throughputsUnder,
} from '../src/policies/finish-time-terms.ts';
import { createPolicy } from '../src/policies/index.ts';
import { feasibilityViolation } from '../src/policies/objective.ts';
import type { AllocationProblem } from '../src/policies/types.ts';

interface RecordedCall {
  mode: 'aware' | 'agnostic';
  types: string[];
  capacities: number[];
  ids: string[];
  scale: number[];
  throughputs: number[][];
  stepsRemaining: number[];
  timeSinceArrival: number[];
  cumulativeIsolated: number[];
  vertexX: number[];
  ecosIsolated: number[];
  ecosX: number[];
}

// Five calls from gpusim runs of Figure 11a's setup, each with the answer of Gavel's own
// finish_time_fairness.py on ECOS and the simplex vertex gpusim returned when the call was recorded
// (the fixture's `source`). The optimum is a face; ECOS stops inside it, and so does this policy
// (a primal-dual interior-point method on the same conic problem, by ECOS's rules but from its own
// start), each at a point of its own, so the two agree on max rho and come close per job, while
// the vertex is far off.
const fixture: { calls: RecordedCall[] } = JSON.parse(
  readFileSync(new URL('./fixtures/ftf-ecos-calls.json', import.meta.url), 'utf8'),
);

function problemOf(call: RecordedCall, extraSteps?: number[]): AllocationProblem {
  return {
    workerTypes: call.types,
    capacities: Float64Array.from(call.capacities),
    jobs: call.ids.map((id, i) => ({
      id,
      scaleFactor: call.scale[i]!,
      priorityWeight: 1,
      throughputs: Float64Array.from(call.throughputs[i]!),
      stepsRemaining: call.stepsRemaining[i]! + (extraSteps?.[i] ?? 0),
      timeSinceArrival: call.timeSinceArrival[i]!,
    })),
  };
}

describe("finish-time fairness against Gavel's ECOS on recorded calls", () => {
  for (const call of fixture.calls) {
    const J = call.ids.length;
    it(`${call.mode}, ${J} jobs: ECOS's max rho, and per job far closer to ECOS than the vertex`, async () => {
      const agnostic = call.mode === 'agnostic';
      const K = call.types.length;
      const problem = problemOf(call);
      const progress = jobProgress(problem, 'test');
      // The policy keeps Gavel's isolated time done (C) from call to call. A first call with the
      // same jobs and C_i iso_i more steps left each makes it credit exactly C_i in the second.
      const isolated = finishTimeTerms(problem, agnostic, progress).isolated;
      const extra = call.cumulativeIsolated.map((C, i) => C * isolated[i]!);
      const policy = await createPolicy(agnostic ? 'finish-time-fairness-agnostic' : 'finish-time-fairness');
      await policy.allocate(problemOf(call, extra));
      const { x, stats } = await policy.allocate(problem);
      expect(stats.fellBack).toBe(false);
      expect(feasibilityViolation(problem, x)).toBeLessThan(1e-9);

      const terms = finishTimeTerms(problem, agnostic, progress, Float64Array.from(call.cumulativeIsolated));
      // Gavel's own isolated throughputs: both sides solve the same problem.
      terms.isolated.forEach((iso, i) => {
        expect(Math.abs(iso / call.ecosIsolated[i]! - 1)).toBeLessThan(1e-12);
      });
      const ecos = Float64Array.from(call.ecosX);
      expect(Math.abs(maxFinishTimeRatio(terms, x, K) / maxFinishTimeRatio(terms, ecos, K) - 1)).toBeLessThan(
        1e-6,
      );

      const theirs = throughputsUnder(terms.T, ecos, J, K);
      const distance = (y: Float64Array) => {
        const thr = throughputsUnder(terms.T, y, J, K);
        let mean = 0;
        for (let i = 0; i < J; i++) mean += Math.abs(thr[i]! / theirs[i]! - 1) / J;
        return mean;
      };
      const ours = distance(x);
      const vertex = distance(Float64Array.from(call.vertexX));
      // Measured: 3 to 8% (aware) and 11 to 20% (agnostic), against 15 to 22% and 59 to 73% for
      // the vertex.
      expect(ours).toBeLessThan(vertex / 1.5);
      expect(ours).toBeLessThan(agnostic ? 0.25 : 0.15);
    });
  }
});
