import type { Policy, PolicyOptions } from './types.ts';

// Placeholder until the owning work lands; replaced, not extended.
export async function createMaxMinFairnessPolicy(_options: PolicyOptions & { agnostic: boolean }): Promise<Policy> {
  throw new Error('policy max-min-fairness is not implemented yet');
}
