import type { Command } from 'commander';

// Placeholder until the owning work lands; replaced, not extended.
export function registerSweepCommand(_program: Command): void {}
