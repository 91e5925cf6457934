import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError, numberFlag } from 'kit';
import { finishTimeTerms, jobProgress, maxFinishTimeRatio } from '../policies/finish-time-terms.ts';
import {
  createPolicy,
  isPolicyName,
  POLICY_NAMES,
  type PolicyName,
  PROGRESS_POLICIES,
} from '../policies/index.ts';
import { makespanOf, totalThroughputOf } from '../policies/linear-policies.ts';
import { minRho } from '../policies/objective.ts';
import { parseProblemFile, requireProgress } from '../policies/problem-file.ts';
import { parseSolverOption } from '../policies/solver-options.ts';
import type { AllocationProblem } from '../policies/types.ts';

interface SolveOptions {
  policy: string;
  problem: string;
  solverOption?: [string, string | number | boolean][];
  migrationPenalty?: number;
}

/** `gpusim solve`: one allocation problem, no simulation; one JSON object on stdout. */
export function registerSolveCommand(program: Command): void {
  program
    .command('solve')
    .description('Solve one allocation problem with a policy and print the allocation as JSON.')
    .requiredOption('--policy <name>', `allocation policy (${POLICY_NAMES.join(', ')})`)
    .requiredOption(
      '--problem <file>',
      'problem JSON: {workerTypes, jobs, previousAllocation?}; jobs may carry stepsRemaining and timeSinceArrival',
    )
    .option(
      '--solver-option <key=value>',
      'HiGHS option, passed unchanged (repeatable), e.g. time_limit=5',
      (value: string, previous: [string, string | number | boolean][] | undefined) => [
        ...(previous ?? []),
        parseSolverOption(value),
      ],
    )
    .option(
      '--migration-penalty <alpha>',
      'L1 migration penalty (LP) or stickiness threshold (single-type)',
      numberFlag('--migration-penalty', { min: 0 }),
    )
    .addHelpText(
      'after',
      '\nExample:\n  gpusim solve --policy max-min-fairness --problem problem.json --solver-option time_limit=5\n',
    )
    .action(async (options: SolveOptions) => {
      const output = await solve(options);
      process.stdout.write(`${JSON.stringify(output)}\n`);
    });
}

export interface SolveOutput {
  policy: string;
  /** min_i rho_i, comparable across policies. */
  objective: number;
  /** What the policy itself optimises, for the policies whose objective is not min rho. */
  policyObjective?: { name: string; value: number };
  allocation: Record<string, Record<string, number>>;
  solveSeconds: number;
}

async function solve(options: SolveOptions): Promise<SolveOutput> {
  if (!isPolicyName(options.policy)) {
    throw new InputError(
      { field: '--policy' },
      `expected one of ${POLICY_NAMES.join(', ')}, got "${options.policy}"`,
    );
  }
  let text: string;
  try {
    text = await readFile(options.problem, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(
      { file: options.problem },
      `cannot read the problem file (${code}), pass an existing JSON file`,
    );
  }
  const problem = parseProblemFile(text, options.problem);
  if (PROGRESS_POLICIES.includes(options.policy)) requireProgress(problem, options.problem, options.policy);
  const policy = await createPolicy(options.policy, {
    solverOptions: Object.fromEntries(options.solverOption ?? []),
    migrationPenalty: options.migrationPenalty,
  });
  const t0 = performance.now();
  const result = await policy.allocate(problem);
  const solveSeconds = (performance.now() - t0) / 1000;
  if (result.stats.fellBack)
    process.stderr.write(`gpusim: warning: ${result.stats.message ?? 'the solver failed'}\n`);
  const own = policyObjective(options.policy, problem, result.x);
  return {
    policy: policy.name,
    objective: minRho(problem, result.x),
    ...(own ? { policyObjective: own } : {}),
    allocation: allocationObject(problem, result.x),
    solveSeconds,
  };
}

/**
 * The value the policy optimises: the worst finish-time fairness ratio (lower is better; a
 * single call, so no isolated time done yet), the makespan in seconds, or the total throughput.
 */
function policyObjective(
  name: PolicyName,
  problem: AllocationProblem,
  x: Float64Array,
): SolveOutput['policyObjective'] {
  const K = problem.workerTypes.length;
  switch (name) {
    case 'finish-time-fairness':
    case 'finish-time-fairness-agnostic': {
      const terms = finishTimeTerms(problem, name.endsWith('agnostic'), jobProgress(problem, name));
      return { name: 'maxFinishTimeFairness', value: maxFinishTimeRatio(terms, x, K) };
    }
    case 'min-total-duration':
    case 'min-total-duration-agnostic':
      return { name: 'makespanSeconds', value: makespanOf(problem, x, name.endsWith('agnostic')) };
    case 'max-sum-throughput':
      return { name: 'totalThroughput', value: totalThroughputOf(problem, x) };
    default:
      return undefined;
  }
}

/** x as {job id: {type: fraction}}, zero fractions left out. */
function allocationObject(
  problem: AllocationProblem,
  x: Float64Array,
): Record<string, Record<string, number>> {
  const K = problem.workerTypes.length;
  const out: Record<string, Record<string, number>> = {};
  problem.jobs.forEach((job, i) => {
    const row: Record<string, number> = {};
    for (let k = 0; k < K; k++) {
      const v = x[i * K + k]!;
      if (v > 0) row[problem.workerTypes[k]!] = v;
    }
    out[job.id] = row;
  });
  return out;
}
