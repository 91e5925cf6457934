import type { Policy, PolicyOptions } from './types.ts';

// Placeholder until the owning work lands; replaced, not extended.
export function createSingleTypePolicy(_options: PolicyOptions): Policy {
  throw new Error('policy single-type is not implemented yet');
}
