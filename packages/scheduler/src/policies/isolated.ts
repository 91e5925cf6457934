import type { Policy, PolicyOptions } from './types.ts';

// Placeholder until the owning work lands; replaced, not extended.
export function createIsolatedPolicy(_options: PolicyOptions): Policy {
  throw new Error('policy isolated is not implemented yet');
}
