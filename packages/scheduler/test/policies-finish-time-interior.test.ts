import { describe, expect, it } from 'vitest';
import { createFinishTimeFairnessPolicy } from '../src/policies/finish-time-fairness.ts';
import { finishTimeProblemOf, solveFinishTimeInterior } from '../src/policies/finish-time-interior.ts';
import { type Curvature, FinishTimeNewton, type JobColumns } from '../src/policies/finish-time-kkt.ts';
import {
  finishTimeRatios,
  finishTimeTerms,
  jobProgress,
  maxFinishTimeRatio,
} from '../src/policies/finish-time-terms.ts';
import { feasibilityViolation } from '../src/policies/objective.ts';
import { randomProblem } from '../src/policies/random-problem.ts';
import type { AllocationProblem } from '../src/policies/types.ts';
import { createRandom } from '../src/random.ts';

function withProgress(problem: AllocationProblem, seed: number): AllocationProblem {
  const random = createRandom(seed);
  return {
    ...problem,
    jobs: problem.jobs.map((job) => ({
      ...job,
      stepsRemaining: Math.round(10 ** (2 + random.next() * 4)),
      timeSinceArrival: random.next() < 0.2 ? 0 : random.next() * 2e5,
    })),
  };
}

const termsOf = (problem: AllocationProblem, agnostic = false) =>
  finishTimeTerms(problem, agnostic, jobProgress(problem, 'test'));

/**
 * The Newton matrix written out densely from the rows' gradients, independently of the structured
 * solver: sum_j (lambda_j / g_j) grad g_j grad g_j' - lambda_h (d^2 g_h), unknowns ordered as the
 * solver's block vectors (each job's columns, its v) and tau last.
 */
function denseNewton(layout: JobColumns, k: Curvature, newton: FinishTimeNewton, lambdaH: Float64Array) {
  const N = newton.size + 1;
  const H = Array.from({ length: N }, () => new Float64Array(N));
  const addOuter = (weight: number, entries: [number, number][]) => {
    for (const [a, va] of entries) for (const [b, vb] of entries) H[a]![b]! += weight * va * vb;
  };
  const col = (r: number, j: number) => newton.columnIndex(r, j);
  const tau = N - 1;
  for (let r = 0; r < layout.jobs; r++) {
    const cols: number[] = [];
    for (let j = layout.jobStart[r]!; j < layout.jobStart[r + 1]!; j++) cols.push(j);
    const v = newton.vIndex(r);
    for (const j of cols) addOuter(k.bound[j]!, [[col(r, j), 1]]);
    addOuter(
      k.time[r]!,
      cols.map((j) => [col(r, j), -1]),
    );
    addOuter(k.epigraph[r]!, [
      [tau, 1],
      [v, -layout.d[r]!],
    ]);
    addOuter(k.hyperbolic[r]!, [
      ...cols.map((j) => [col(r, j), k.v[r]! * layout.colT[j]!] as [number, number]),
      [v, k.thr[r]!],
    ]);
    for (const j of cols) {
      H[col(r, j)]![v]! -= lambdaH[r]! * layout.colT[j]!;
      H[v]![col(r, j)]! -= lambdaH[r]! * layout.colT[j]!;
    }
  }
  for (let t = 0; t < layout.types; t++) {
    const entries: [number, number][] = [];
    for (let r = 0; r < layout.jobs; r++)
      for (let j = layout.jobStart[r]!; j < layout.jobStart[r + 1]!; j++)
        if (layout.colType[j] === t) entries.push([col(r, j), -layout.colScale[j]!]);
    addOuter(k.capacity[t]!, entries);
  }
  return H;
}

function gaussSolve(H: Float64Array[], b: Float64Array): Float64Array {
  const N = b.length;
  const m = H.map((row) => Float64Array.from(row));
  const x = Float64Array.from(b);
  for (let c = 0; c < N; c++) {
    let p = c;
    for (let r = c + 1; r < N; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    [x[c], x[p]] = [x[p]!, x[c]!];
    for (let r = c + 1; r < N; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let q = c; q < N; q++) m[r]![q]! -= f * m[c]![q]!;
      x[r]! -= f * x[c]!;
    }
  }
  for (let r = N - 1; r >= 0; r--) {
    let sum = x[r]!;
    for (let q = r + 1; q < N; q++) sum -= m[r]![q]! * x[q]!;
    x[r] = sum / m[r]![r]!;
  }
  return x;
}

/** A layout of `jobs` jobs on `types` types, and curvature at a point with v thr - g = 1. */
function randomSystem(seed: number, jobs: number, types: number, stiffness: number, equalT: boolean) {
  const random = createRandom(seed);
  const n = jobs * types;
  const layout: JobColumns = {
    jobs,
    types,
    n,
    jobStart: Int32Array.from({ length: jobs + 1 }, (_, r) => r * types),
    colType: Int32Array.from({ length: n }, (_, j) => j % types),
    colT: Float64Array.from({ length: n }, (_, j) =>
      equalT ? 1 + Math.floor(j / types) : 0.5 + 3 * random.next(),
    ),
    colScale: Float64Array.from({ length: n }, (_, j) => [1, 2, 4, 8][Math.floor(j / types) % 4]!),
    d: Float64Array.from({ length: jobs }, () => 0.5 + 5 * random.next()),
  };
  const thr = Float64Array.from({ length: jobs }, () => 0.2 + random.next());
  const gH = Float64Array.from({ length: jobs }, (_, r) => (r % 3 === 0 ? 10 ** -stiffness : 0.5));
  const v = Float64Array.from(thr, (t, r) => (1 + gH[r]!) / t);
  const lambdaH = Float64Array.from({ length: jobs }, () => 0.01 + random.next());
  const curvature: Curvature = {
    bound: Float64Array.from({ length: n }, () => 10 ** (-stiffness / 2 + stiffness * random.next())),
    time: Float64Array.from({ length: jobs }, () => random.next()),
    epigraph: Float64Array.from({ length: jobs }, (_, r) => (r % 3 === 0 ? 10 ** stiffness : random.next())),
    hyperbolic: Float64Array.from(lambdaH, (l, r) => l / gH[r]!),
    capacity: Float64Array.from({ length: types }, (_, t) =>
      t === 0 ? 10 ** stiffness : 0.1 + random.next(),
    ),
    v,
    thr,
  };
  return { layout, curvature, lambdaH };
}

describe('finish-time fairness: the Newton system', () => {
  for (const [types, equalT, stiffness] of [
    [3, false, 2],
    [3, false, 8],
    [3, true, 8],
    [2, false, 8],
    [4, true, 6],
  ] as const) {
    it(`${types} types${equalT ? ', equal throughputs per job' : ''}, curvature spread 1e${stiffness}: solves H z = r to 1e-9 of r`, () => {
      const { layout, curvature, lambdaH } = randomSystem(
        stiffness * 10 + types,
        12,
        types,
        stiffness,
        equalT,
      );
      const newton = new FinishTimeNewton(layout);
      newton.factor(curvature);
      const H = denseNewton(layout, curvature, newton, lambdaH);
      const random = createRandom(7);
      const rhs = Float64Array.from({ length: newton.size + 1 }, () => random.next() - 0.5);
      const y = rhs.slice(0, newton.size);
      const dtau = newton.solve(y, rhs[newton.size]!);
      const z = Float64Array.from([...y, dtau]);
      // Backward error against the dense matrix: |H z - r| relative to |H| |z| + |r|.
      let worst = 0;
      for (let i = 0; i < z.length; i++) {
        let sum = 0;
        let size = Math.abs(rhs[i]!);
        for (let q = 0; q < z.length; q++) {
          sum += H[i]![q]! * z[q]!;
          size += Math.abs(H[i]![q]! * z[q]!);
        }
        worst = Math.max(worst, Math.abs(sum - rhs[i]!) / size);
      }
      expect(worst).toBeLessThan(1e-9);
      if (stiffness <= 2) {
        const dense = gaussSolve(H, rhs);
        for (let i = 0; i < z.length; i++) expect(z[i]).toBeCloseTo(dense[i]!, 8);
      }
    });
  }
});

describe('finish-time fairness: the interior-point method', () => {
  it('one job: rho* = c + d / thr*, thr* from its best type alone', () => {
    const problem: AllocationProblem = {
      workerTypes: ['v100', 'p100', 'k80'],
      capacities: Float64Array.of(4, 4, 4),
      jobs: [
        {
          id: 'a',
          scaleFactor: 2,
          priorityWeight: 1,
          throughputs: Float64Array.of(6, 3, 1),
          stepsRemaining: 6000,
          timeSinceArrival: 500,
        },
      ],
    };
    const terms = termsOf(problem);
    const answer = solveFinishTimeInterior(finishTimeProblemOf(problem, terms))!;
    const D = terms.denominator[0]!;
    const expected = (500 + 6000 / 6) / D;
    expect(maxFinishTimeRatio(terms, answer.x, 3)).toBeCloseTo(expected, 7);
    expect(answer.tau).toBeGreaterThanOrEqual(maxFinishTimeRatio(terms, answer.x, 3));
    expect(answer.x[0]).toBeGreaterThan(0.999);
  });

  for (const [label, capacities, agnostic] of [
    ['three types, aware', [36, 36, 36], false],
    ['three types, agnostic', [36, 36, 36], true],
    ['two types', [20, 12], false],
    ['a type with no GPUs', [24, 0, 18], false],
  ] as const) {
    it(`${label}: strictly feasible, tau certifies max rho, and the optimum HiGHS reaches`, async () => {
      for (let seed = 1; seed <= 4; seed++) {
        // A fresh policy each time: the problems reuse job ids with unrelated progress.
        const highs = await createFinishTimeFairnessPolicy({ agnostic, method: 'highs' });
        const problem = withProgress(
          randomProblem({ jobs: 60 + 30 * seed, seed, capacities: [...capacities] }),
          seed,
        );
        const K = capacities.length;
        const terms = termsOf(problem, agnostic);
        const answer = solveFinishTimeInterior(finishTimeProblemOf(problem, terms));
        expect(answer, `seed ${seed}`).toBeDefined();
        const { x, tau, gap } = answer!;
        expect(feasibilityViolation(problem, x)).toBe(0);
        for (let i = 0; i < problem.jobs.length; i++)
          for (let k = 0; k < K; k++) if (capacities[k] === 0) expect(x[i * K + k]).toBe(0);
        const rho = maxFinishTimeRatio(terms, x, K);
        expect(rho).toBeLessThanOrEqual(tau);
        expect(gap).toBeLessThanOrEqual(1e-8 * tau);
        const vertex = (await highs.allocate(problem)).x;
        const best = maxFinishTimeRatio(terms, vertex, K);
        expect(Math.abs(rho / best - 1), `seed ${seed}`).toBeLessThan(1e-7);
        // Inside the face, not at a vertex: no job other than the worst is held at the level.
        const ratios = finishTimeRatios(terms, x, K).filter((r) => Number.isFinite(r));
        expect(ratios.filter((r) => r > rho * (1 - 1e-4)).length).toBeLessThan(ratios.length / 2);
      }
    });
  }

  it('HiGHS answers when it is asked for by name or given solver options, the interior point otherwise', async () => {
    const problem = withProgress(randomProblem({ jobs: 40, seed: 5, capacities: [36, 36, 36] }), 5);
    const answer = async (options: Parameters<typeof createFinishTimeFairnessPolicy>[0]) =>
      (await (await createFinishTimeFairnessPolicy(options)).allocate(problem)).x;
    const interior = await answer({ agnostic: false });
    const highs = await answer({ agnostic: false, method: 'highs' });
    const terms = termsOf(problem);
    expect(interior).toEqual(solveFinishTimeInterior(finishTimeProblemOf(problem, terms))!.x);
    expect(Math.max(...interior.map((v, i) => Math.abs(v - highs[i]!)))).toBeGreaterThan(1e-3);
    const withOptions = await answer({ agnostic: false, solverOptions: { random_seed: 1 } });
    expect(withOptions).toEqual(
      await answer({ agnostic: false, method: 'highs', solverOptions: { random_seed: 1 } }),
    );
    expect(Math.max(...withOptions.map((v, i) => Math.abs(v - interior[i]!)))).toBeGreaterThan(1e-3);
  });

  it('answers undefined when no job takes part', () => {
    const problem = randomProblem({ jobs: 3, seed: 1 });
    const terms = termsOf(withProgress(problem, 1));
    terms.counted.fill(0);
    expect(solveFinishTimeInterior(finishTimeProblemOf(problem, terms))).toBeUndefined();
  });
});
