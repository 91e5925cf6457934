import { createFifoPolicy } from './fifo.ts';
import { createFinishTimeFairnessPolicy } from './finish-time-fairness.ts';
import { createIsolatedPolicy } from './isolated.ts';
import { createMaxSumThroughputPolicy, createMinTotalDurationPolicy } from './linear-policies.ts';
import { createMaxMinFairnessPolicy } from './max-min-fairness.ts';
import { createSingleTypePolicy } from './single-type.ts';
import type { Policy, PolicyOptions } from './types.ts';

export type {
  AllocationProblem,
  AllocationResult,
  AllocationStats,
  Policy,
  PolicyOptions,
  ProblemJob,
} from './types.ts';

export const POLICY_NAMES = [
  'fifo',
  'isolated',
  'max-min-fairness',
  'max-min-fairness-agnostic',
  'finish-time-fairness',
  'finish-time-fairness-agnostic',
  'min-total-duration',
  'min-total-duration-agnostic',
  'max-sum-throughput',
  'single-type',
] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export function isPolicyName(name: string): name is PolicyName {
  return (POLICY_NAMES as readonly string[]).includes(name);
}

/** Policies that read each job's stepsRemaining and timeSinceArrival. */
export const PROGRESS_POLICIES: readonly PolicyName[] = [
  'finish-time-fairness',
  'finish-time-fairness-agnostic',
  'min-total-duration',
  'min-total-duration-agnostic',
];

/** Policies are created once per run; LP policies load the HiGHS module here, once. */
export async function createPolicy(name: PolicyName, options: PolicyOptions = {}): Promise<Policy> {
  switch (name) {
    case 'fifo':
      return createFifoPolicy(options);
    case 'isolated':
      return createIsolatedPolicy(options);
    case 'max-min-fairness':
      return createMaxMinFairnessPolicy({ ...options, agnostic: false });
    case 'max-min-fairness-agnostic':
      return createMaxMinFairnessPolicy({ ...options, agnostic: true });
    case 'finish-time-fairness':
      return createFinishTimeFairnessPolicy({ ...options, agnostic: false });
    case 'finish-time-fairness-agnostic':
      return createFinishTimeFairnessPolicy({ ...options, agnostic: true });
    case 'min-total-duration':
      return createMinTotalDurationPolicy({ ...options, agnostic: false });
    case 'min-total-duration-agnostic':
      return createMinTotalDurationPolicy({ ...options, agnostic: true });
    case 'max-sum-throughput':
      return createMaxSumThroughputPolicy(options);
    case 'single-type':
      return createSingleTypePolicy(options);
  }
}
