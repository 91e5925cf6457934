/**
 * Finish-time fairness per call: the interior-point method (the default) against HiGHS
 * (Dinkelbach steps, then IPX on the last LP), on Gavel's cluster (36 V100, 36 P100, 36 K80) with
 * random jobs and progress, at queue lengths a saturated Figure 11a run reaches.
 *
 *   npx tsx bench/finish-time.ts     (prints a table and one BENCH_FTF line)
 *
 * Each size solves the same problems with both methods, a fresh policy per problem, after a few
 * untimed calls to warm the JIT; the table gives the median milliseconds per call and how far the
 * interior point's max rho is from HiGHS' (it should be ~1e-9).
 */
import { pathToFileURL } from 'node:url';
import {
  createFinishTimeFairnessPolicy,
  type FinishTimeMethod,
} from '../src/policies/finish-time-fairness.ts';
import { finishTimeTerms, jobProgress, maxFinishTimeRatio } from '../src/policies/finish-time-terms.ts';
import { randomProblem } from '../src/policies/random-problem.ts';
import type { AllocationProblem } from '../src/policies/types.ts';
import { createRandom } from '../src/random.ts';
import { median } from './policies.ts';

export interface FinishTimeBenchRow {
  jobs: number;
  agnostic: boolean;
  interiorMs: number;
  highsMs: number;
  worstRelativeGap: number;
}

const SIZES = [50, 150, 300, 600];
const PROBLEMS = 5;

function gavelProblem(jobs: number, seed: number): AllocationProblem {
  const base = randomProblem({ jobs, seed, capacities: [36, 36, 36], zeroProbability: 0 });
  const random = createRandom(seed + 1);
  return {
    ...base,
    workerTypes: ['v100', 'p100', 'k80'],
    jobs: base.jobs.map((job) => ({
      ...job,
      stepsRemaining: Math.round(10 ** (3 + random.next() * 4)),
      timeSinceArrival: random.next() * 3e5,
    })),
  };
}

async function timeCall(problem: AllocationProblem, agnostic: boolean, method: FinishTimeMethod) {
  const policy = await createFinishTimeFairnessPolicy({ agnostic, method });
  const started = performance.now();
  const { x } = await policy.allocate(problem);
  return { ms: performance.now() - started, x };
}

export async function runFinishTimeBenchmark(): Promise<FinishTimeBenchRow[]> {
  const rows: FinishTimeBenchRow[] = [];
  for (const agnostic of [false, true]) {
    for (let warm = 0; warm < 3; warm++)
      await timeCall(gavelProblem(100, 99 + warm), agnostic, 'interior-point');
    for (const jobs of SIZES) {
      const interior: number[] = [];
      const highs: number[] = [];
      let worst = 0;
      for (let seed = 1; seed <= PROBLEMS; seed++) {
        const problem = gavelProblem(jobs, seed);
        const a = await timeCall(problem, agnostic, 'interior-point');
        const b = await timeCall(problem, agnostic, 'highs');
        interior.push(a.ms);
        highs.push(b.ms);
        const terms = finishTimeTerms(problem, agnostic, jobProgress(problem, 'bench'));
        const rho = (x: Float64Array) => maxFinishTimeRatio(terms, x, 3);
        worst = Math.max(worst, Math.abs(rho(a.x) / rho(b.x) - 1));
      }
      rows.push({
        jobs,
        agnostic,
        interiorMs: median(interior),
        highsMs: median(highs),
        worstRelativeGap: worst,
      });
    }
  }
  return rows;
}

export function formatFinishTimeBench(rows: FinishTimeBenchRow[]): string {
  const lines = [
    'finish-time fairness per call, 36:36:36 (median ms over 5 problems; fresh policy per call)',
    'form      jobs  interior-point  HiGHS (Dinkelbach + IPX)  speedup  |rho_ip / rho_highs - 1|',
  ];
  for (const r of rows) {
    lines.push(
      `${(r.agnostic ? 'agnostic' : 'aware').padEnd(8)} ${String(r.jobs).padStart(5)}  ${r.interiorMs.toFixed(2).padStart(14)}  ${r.highsMs.toFixed(2).padStart(24)}  ${(r.highsMs / r.interiorMs).toFixed(1).padStart(7)}  ${r.worstRelativeGap.toExponential(1)}`,
    );
  }
  lines.push(`BENCH_FTF ${JSON.stringify(rows)}`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatFinishTimeBench(await runFinishTimeBenchmark()));
}
