/**
 * Policy benchmark: the max-min LP on HiGHS (cold, warm re-solve, with the migration
 * penalty), the cost of LP text versus sparse arrays, and single-type's time and objective
 * ratio to the LP. Random problems with K = 6 Alibaba-like types.
 *
 * single-type is timed in the steady state the simulator sees: a few warm-up calls on each
 * problem, then the median of several timed calls (see `steadySingleType`); its column is
 * the median of those medians over the problems.
 *
 *   npx tsx bench/policies.ts            (all sizes; prints a table and one BENCH_POLICIES line)
 *   npx tsx bench/policies.ts --quick    (J = 50 and 500 only)
 *
 * `runPolicyBenchmark()` is exported for bench/run.ts.
 */
import { pathToFileURL } from 'node:url';
import { highsRuntime } from '../src/policies/highs.ts';
import { buildMaxMinModel } from '../src/policies/lp-model.ts';
import { createMaxMinFairnessPolicy } from '../src/policies/max-min-fairness.ts';
import { minRho, rhoCoefficients } from '../src/policies/objective.ts';
import { ALIBABA_LIKE_TYPES, randomProblem } from '../src/policies/random-problem.ts';
import { allocateSingleType } from '../src/policies/single-type.ts';
import type { AllocationProblem, AllocationResult } from '../src/policies/types.ts';

export interface PolicyBenchRow {
  cluster: string;
  jobs: number;
  lpColdSeconds: number;
  lpColdSplit: { build: number; solve: number; read: number };
  lpWarmSeconds: number;
  penaltyColdSeconds: number;
  penaltyWarmSeconds: number;
  /** The same re-solves with the shortcut off (every call solves the full penalised LP). */
  penaltyWarmFullSeconds: number;
  /** Re-solves the shortcut answered (of 7). */
  shortcutHits: number;
  /** Slowest re-solve of the series: plain, penalised. */
  lpWarmMaxSeconds: number;
  penaltyWarmMaxSeconds: number;
  lpTextParseSeconds: number;
  sparsePassSeconds: number;
  singleTypeSeconds: number;
  singleTypeRatio: number;
  singleTypeWorstRatio: number;
}

const FULL = ALIBABA_LIKE_TYPES.map((t) => t.gpus);
const CLUSTERS: Record<string, number[]> = {
  // The real capacities: at these sizes most jobs hit their cap (x = 1) before capacity binds.
  alibaba: FULL,
  // An eighth of the GPUs: capacity binds, which is the harder LP and assignment.
  'alibaba/8': FULL.map((n) => Math.round(n / 8)),
};
const REPEATS = 5;
const SINGLE_WARMUP = 10;
const SINGLE_TIMED = 15;
const PENALTY = 0.1;
const K = FULL.length;

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function timed(
  run: () => AllocationResult | Promise<AllocationResult>,
): Promise<[number, AllocationResult]> {
  const t0 = performance.now();
  const result = await run();
  return [(performance.now() - t0) / 1000, result];
}

function previousOf(problem: AllocationProblem, x: Float64Array): Map<string, Float64Array> {
  return new Map(problem.jobs.map((job, i) => [job.id, x.slice(i * K, i * K + K)]));
}

/** J jobs from a pool, shifted by `round * churn`: a few leave at the front, a few arrive at the back. */
function window(pool: AllocationProblem, J: number, round: number, churn: number): AllocationProblem {
  return { ...pool, jobs: pool.jobs.slice(round * churn, round * churn + J) };
}

async function benchOne(cluster: string, capacities: number[], J: number): Promise<PolicyBenchRow> {
  const churn = Math.max(2, Math.round(J / 100));
  const cold: number[] = [];
  const split = { build: [] as number[], solve: [] as number[], read: [] as number[] };
  const penaltyCold: number[] = [];
  const single: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const pool = randomProblem({ jobs: J + churn, seed: 1000 + r, capacities });
    const before = window(pool, J, 0, churn);
    const problem = window(pool, J, 1, churn);
    const [seconds, lp] = await timed(async () =>
      (await createMaxMinFairnessPolicy({ agnostic: false })).allocate(problem),
    );
    cold.push(seconds);
    split.build.push(lp.stats.buildSeconds);
    split.solve.push(lp.stats.solveSeconds);
    split.read.push(lp.stats.readSeconds);

    // The penalty LP from cold: the previous allocation is the optimum before the churn.
    const first = await (await createMaxMinFairnessPolicy({ agnostic: false })).allocate(before);
    const withPrevious = { ...problem, previousAllocation: previousOf(before, first.x) };
    // The LP itself, as the shortcut would skip most of it (the warm series shows both).
    const penalised = await createMaxMinFairnessPolicy({
      agnostic: false,
      migrationPenalty: PENALTY,
      shortcut: false,
    });
    penaltyCold.push((await timed(() => penalised.allocate(withPrevious)))[0]);

    const [singleSeconds, st] = steadySingleType(problem);
    single.push(singleSeconds);
    ratios.push(minRho(problem, st.x) / minRho(problem, lp.x));
  }

  // Warm re-solves: one policy, a few jobs leave and arrive every round.
  const pool = randomProblem({ jobs: J + 8 * churn, seed: 77, capacities });
  const warmPolicy = await createMaxMinFairnessPolicy({ agnostic: false });
  const penaltyPolicy = await createMaxMinFairnessPolicy({ agnostic: false, migrationPenalty: PENALTY });
  const fullPolicy = await createMaxMinFairnessPolicy({
    agnostic: false,
    migrationPenalty: PENALTY,
    shortcut: false,
  });
  const warm: number[] = [];
  const penaltyWarm: number[] = [];
  const penaltyWarmFull: number[] = [];
  let shortcutHits = 0;
  let previous: Map<string, Float64Array> | undefined;
  let previousFull: Map<string, Float64Array> | undefined;
  for (let round = 0; round < 8; round++) {
    const problem = window(pool, J, round, churn);
    const [w] = await timed(() => warmPolicy.allocate(problem));
    const [p, result] = await timed(() =>
      penaltyPolicy.allocate({ ...problem, previousAllocation: previous }),
    );
    const [f, full] = await timed(() =>
      fullPolicy.allocate({ ...problem, previousAllocation: previousFull }),
    );
    previous = previousOf(problem, result.x);
    previousFull = previousOf(problem, full.x);
    if (round > 0) {
      warm.push(w);
      penaltyWarm.push(p);
      penaltyWarmFull.push(f);
      if (result.stats.shortcut) shortcutHits++;
    }
  }

  const { textSeconds, passSeconds } = await textVersusArrays(window(pool, J, 0, churn));
  return {
    cluster,
    jobs: J,
    lpColdSeconds: median(cold),
    lpColdSplit: { build: median(split.build), solve: median(split.solve), read: median(split.read) },
    lpWarmSeconds: median(warm),
    penaltyColdSeconds: median(penaltyCold),
    penaltyWarmSeconds: median(penaltyWarm),
    penaltyWarmFullSeconds: median(penaltyWarmFull),
    shortcutHits,
    lpWarmMaxSeconds: Math.max(...warm),
    penaltyWarmMaxSeconds: Math.max(...penaltyWarm),
    lpTextParseSeconds: textSeconds,
    sparsePassSeconds: passSeconds,
    singleTypeSeconds: median(single),
    singleTypeRatio: median(ratios),
    singleTypeWorstRatio: Math.min(...ratios),
  };
}

/**
 * single-type's steady-state time on one problem: the simulator calls it every round, so
 * by the time it matters the JIT has compiled it. A few untimed calls first, then the
 * median of several timed ones (one call right after one warm-up still measured partly
 * unoptimised code, about 10% slow, and single sub-millisecond timings are noisy).
 */
function steadySingleType(problem: AllocationProblem): [number, AllocationResult] {
  for (let w = 0; w < SINGLE_WARMUP; w++) allocateSingleType(problem);
  const times: number[] = [];
  let result = allocateSingleType(problem);
  for (let r = 0; r < SINGLE_TIMED; r++) {
    const t0 = performance.now();
    result = allocateSingleType(problem);
    times.push((performance.now() - t0) / 1000);
  }
  return [median(times), result];
}

/** What CPLEX LP text would cost: HiGHS parsing its own export, against passing the arrays. */
async function textVersusArrays(
  problem: AllocationProblem,
): Promise<{ textSeconds: number; passSeconds: number }> {
  const highs = await highsRuntime();
  const built = buildMaxMinModel(problem, {
    c: rhoCoefficients(problem),
    infinity: highs.infinity,
    maximize: highs.constants.objectiveSense.maximize,
  });
  const model = highs.createModel();
  try {
    const t0 = performance.now();
    model.passModel(built.data);
    const passSeconds = (performance.now() - t0) / 1000;
    const text = model.exportModel('lp');
    const t1 = performance.now();
    model.readModel({ format: 'lp', data: text });
    return { textSeconds: (performance.now() - t1) / 1000, passSeconds };
  } finally {
    model.dispose();
  }
}

export async function runPolicyBenchmark(sizes = [50, 500, 1700]): Promise<PolicyBenchRow[]> {
  await highsRuntime();
  const rows: PolicyBenchRow[] = [];
  for (const [cluster, capacities] of Object.entries(CLUSTERS)) {
    for (const J of sizes) rows.push(await benchOne(cluster, capacities, J));
  }
  return rows;
}

function ms(seconds: number): string {
  return (seconds * 1000).toFixed(seconds < 0.01 ? 2 : 0).padStart(7);
}

export function formatPolicyBench(rows: PolicyBenchRow[]): string {
  const head =
    'cluster      J     LP cold (build/solve/read)      LP warm (max)  pen cold  pen warm (max)  no shortcut  hits  LP text  arrays  single  ratio (worst)';
  const lines = rows.map(
    (r) =>
      `${r.cluster.padEnd(10)} ${String(r.jobs).padStart(4)} ${ms(r.lpColdSeconds)} (${ms(r.lpColdSplit.build).trim()}/${ms(r.lpColdSplit.solve).trim()}/${ms(r.lpColdSplit.read).trim()})`.padEnd(
        50,
      ) +
      `${ms(r.lpWarmSeconds)} (${ms(r.lpWarmMaxSeconds).trim()})`.padEnd(15) +
      `${ms(r.penaltyColdSeconds)}  ${`${ms(r.penaltyWarmSeconds)} (${ms(r.penaltyWarmMaxSeconds).trim()})`.padEnd(15)}` +
      `${ms(r.penaltyWarmFullSeconds).padStart(11)}  ${String(r.shortcutHits).padStart(3)}/7 ${ms(r.lpTextParseSeconds)} ${ms(r.sparsePassSeconds)} ${ms(r.singleTypeSeconds)}  ${r.singleTypeRatio.toFixed(3)} (${r.singleTypeWorstRatio.toFixed(3)})`,
  );
  return [`policies (times in ms, medians of ${REPEATS} problems or 7 re-solves)`, head, ...lines].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  const rows = await runPolicyBenchmark(quick ? [50, 500] : [50, 500, 1700]);
  process.stdout.write(`${formatPolicyBench(rows)}\n`);
  process.stdout.write(`BENCH_POLICIES ${JSON.stringify(rows)}\n`);
}
