/**
 * The cold max-min LP beside native HiGHS. Writes the bench's problems as JSON (HiGHS column-wise
 * arrays) into a folder, times our HiGHS (WebAssembly) on each with every method, and has
 * bench/native-lp.py solve the same files with SciPy's linprog, when python3 with SciPy is there.
 *
 * Families: random Alibaba-like problems on the real capacities and on an eighth of them (as in
 * bench/policies.ts), and the problems the simulator itself builds at Alibaba scale (the
 * issue's workload, captured at resets of a max-min-fairness run).
 *
 *   npx tsx bench/native-lp.ts [--dir DIR]      (DIR defaults to a temporary folder)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ModelData } from 'highs';
import { runSimulation } from '../src/index.ts';
import { highsRuntime } from '../src/policies/highs.ts';
import { buildMaxMinModel } from '../src/policies/lp-model.ts';
import { rhoCoefficients } from '../src/policies/objective.ts';
import { ALIBABA_LIKE_TYPES, randomProblem } from '../src/policies/random-problem.ts';
import type { AllocationProblem } from '../src/policies/types.ts';

/** HiGHS option sets compared from cold. */
export const COLD_METHODS: Record<string, Record<string, string | number>> = {
  'HiGHS choice': { solver: 'choose' },
  'dual simplex': { solver: 'simplex', simplex_strategy: 1 },
  'primal simplex': { solver: 'simplex', simplex_strategy: 4 },
  'interior point': { solver: 'ipm' },
};
const NATIVE_METHODS = ['highs-ds', 'highs-ipm', 'highs'];

export interface NamedProblem {
  family: string;
  name: string;
  problem: AllocationProblem;
}

const FULL = ALIBABA_LIKE_TYPES.map((t) => t.gpus);

/** Random problems of both families and the simulator's own, J jobs each (simulator: as many as active). */
export async function benchProblems(sizes: number[], perSize = 3): Promise<NamedProblem[]> {
  const problems: NamedProblem[] = [];
  const families: [string, number[]][] = [
    ['alibaba', FULL],
    ['alibaba/8', FULL.map((n) => Math.round(n / 8))],
  ];
  for (const [family, capacities] of families) {
    for (const jobs of sizes) {
      for (let r = 0; r < perSize; r++) {
        problems.push({
          family,
          name: `${family.replace('/', '-')}-J${jobs}-s${r}`,
          problem: randomProblem({ jobs, seed: 1000 + r, capacities }),
        });
      }
    }
  }
  problems.push(...(await simulatorProblems(perSize)));
  return problems;
}

/** The allocation problems of an Alibaba max-min run (60 jobs/h, 600 s rounds) after a warm-up. */
async function simulatorProblems(count: number): Promise<NamedProblem[]> {
  const captured: AllocationProblem[] = [];
  await runSimulation(
    {
      preset: 'alibaba',
      jobsPerHour: 60,
      roundDuration: 600,
      window: '100000:100001',
      maxSimTime: 600 * 400,
      policy: 'max-min-fairness',
      placement: 'fgd',
    },
    {
      wrapPolicy: (policy) => ({
        ...policy,
        allocate(problem) {
          // The engine reuses its job objects; a copy keeps this reset's view.
          captured.push({ ...problem, jobs: problem.jobs.map((job) => ({ ...job })) });
          return policy.allocate(problem);
        },
      }),
    },
  );
  return captured.slice(-count).map((problem, i) => ({
    family: 'simulator',
    name: `simulator-J${problem.jobs.length}-${i}`,
    problem,
  }));
}

function modelOf(problem: AllocationProblem, highs: Awaited<ReturnType<typeof highsRuntime>>): ModelData {
  return buildMaxMinModel(problem, {
    c: rhoCoefficients(problem),
    infinity: highs.infinity,
    maximize: highs.constants.objectiveSense.maximize,
  }).data;
}

/** Writes one problem as JSON for native-lp.py (infinite bounds as null). */
function writeProblem(dir: string, name: string, data: ModelData, infinity: number): void {
  const finite = (values: ArrayLike<number>) =>
    Array.from(values, (v) => (Math.abs(v) >= infinity ? null : v));
  writeFileSync(
    join(dir, `${name}.json`),
    JSON.stringify({
      numRows: data.numRows,
      numCols: data.numCols,
      maximize: true,
      colCost: Array.from(data.colCost),
      colLower: finite(data.colLower),
      colUpper: finite(data.colUpper),
      rowLower: finite(data.rowLower),
      rowUpper: finite(data.rowUpper),
      matrix: {
        starts: Array.from(data.matrix.starts),
        indices: Array.from(data.matrix.indices),
        values: Array.from(data.matrix.values),
      },
    }),
  );
}

export interface ColdRow {
  family: string;
  jobs: number;
  /** Median seconds of HiGHS' run() per method over the family's problems at this size. */
  ours: Record<string, number>;
  native: Record<string, number> | undefined;
  /** Largest relative difference between our and the native optimum. */
  objectiveGap: number | undefined;
}

export async function runNativeComparison(
  sizes = [500, 1700],
  dir?: string,
): Promise<{ rows: ColdRow[]; note: string }> {
  const highs = await highsRuntime();
  const folder = dir ?? mkdtempSync(join(tmpdir(), 'gpusim-lp-'));
  mkdirSync(folder, { recursive: true });
  const problems = await benchProblems(sizes);
  const ours = new Map<string, { seconds: Record<string, number>; objective: number }>();
  for (const { name, problem } of problems) {
    const data = modelOf(problem, highs);
    writeProblem(folder, name, data, highs.infinity);
    const seconds: Record<string, number> = {};
    let objective = Number.NaN;
    for (const [method, options] of Object.entries(COLD_METHODS)) {
      const model = highs.createModel();
      try {
        model.options.set({ output_flag: false, ...options });
        model.passModel(data);
        const t0 = performance.now();
        const run = model.run();
        seconds[method] = (performance.now() - t0) / 1000;
        if (run.modelStatus === 7) objective = model.getSolution().colValue[0]!;
      } finally {
        model.dispose();
      }
    }
    ours.set(name, { seconds, objective });
  }

  const native = new Map<string, Record<string, { seconds: number; objective: number | null }>>();
  let note = `problems written to ${folder}; native times from SciPy's linprog (bench/native-lp.py)`;
  try {
    const script = fileURLToPath(new URL('./native-lp.py', import.meta.url));
    const output = execFileSync('python3', [script, folder, ...NATIVE_METHODS], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const line of output.trim().split('\n')) {
      const row = JSON.parse(line) as {
        file: string;
        method: string;
        seconds: number;
        objective: number | null;
      };
      const name = row.file.replace(/\.json$/, '');
      const entry = native.get(name) ?? {};
      entry[row.method] = { seconds: row.seconds, objective: row.objective };
      native.set(name, entry);
    }
  } catch (error) {
    note = `native side skipped (python3 with SciPy not available: ${(error as Error).message.split('\n')[0]})`;
  }

  const rows: ColdRow[] = [];
  const groups = new Map<string, NamedProblem[]>();
  for (const p of problems) {
    const key = `${p.family}:${p.family === 'simulator' ? 'sim' : p.problem.jobs.length}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const list of groups.values()) {
    const family = list[0]!.family;
    const jobs = Math.round(list.reduce((s, p) => s + p.problem.jobs.length, 0) / list.length);
    const oursRow: Record<string, number> = {};
    for (const method of Object.keys(COLD_METHODS))
      oursRow[method] = median(list.map((p) => ours.get(p.name)!.seconds[method]!));
    let nativeRow: Record<string, number> | undefined;
    let gap: number | undefined;
    if (native.size > 0) {
      nativeRow = {};
      for (const method of NATIVE_METHODS)
        nativeRow[method] = median(list.map((p) => native.get(p.name)![method]!.seconds));
      gap = 0;
      for (const p of list) {
        const theirs = native.get(p.name)!.highs!.objective;
        const our = ours.get(p.name)!.objective;
        if (theirs !== null) gap = Math.max(gap, Math.abs(our - theirs) / Math.max(1e-12, Math.abs(theirs)));
      }
    }
    rows.push({ family, jobs, ours: oursRow, native: nativeRow, objectiveGap: gap });
  }
  return { rows, note };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function formatNativeComparison({ rows, note }: { rows: ColdRow[]; note: string }): string {
  const ms = (s: number | undefined) => (s === undefined ? '-' : (s * 1000).toFixed(0));
  const lines = [
    'cold LP solve, HiGHS run() only (ms, medians of 3 problems): ours (WebAssembly) per method | native SciPy linprog',
    `${'family'.padEnd(11)}${'J'.padStart(5)}  ${Object.keys(COLD_METHODS)
      .map((m) => m.padStart(15))
      .join(
        '',
      )}  |${NATIVE_METHODS.map((m) => m.padStart(10)).join('')}  best ours / best native  objective gap`,
  ];
  for (const row of rows) {
    const bestOurs = Math.min(...Object.values(row.ours));
    const bestNative = row.native ? Math.min(...Object.values(row.native)) : undefined;
    lines.push(
      `${row.family.padEnd(11)}${String(row.jobs).padStart(5)}  ${Object.keys(COLD_METHODS)
        .map((m) => ms(row.ours[m]).padStart(15))
        .join('')}  |${NATIVE_METHODS.map((m) => ms(row.native?.[m]).padStart(10)).join('')}  ${
        bestNative ? `${(bestOurs / bestNative).toFixed(2)}x`.padStart(23) : '-'.padStart(23)
      }  ${row.objectiveGap === undefined ? '-' : row.objectiveGap.toExponential(1)}`,
    );
  }
  lines.push(note);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--dir');
  const result = await runNativeComparison([500, 1700], at >= 0 ? process.argv[at + 1] : undefined);
  process.stdout.write(`${formatNativeComparison(result)}\n`);
  process.stdout.write(`BENCH_NATIVE_LP ${JSON.stringify(result.rows)}\n`);
}
