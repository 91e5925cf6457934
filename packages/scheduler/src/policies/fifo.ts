import type { Policy, PolicyOptions } from './types.ts';

// Placeholder until the owning work lands; replaced, not extended.
export function createFifoPolicy(_options: PolicyOptions): Policy {
  throw new Error('policy fifo is not implemented yet');
}
