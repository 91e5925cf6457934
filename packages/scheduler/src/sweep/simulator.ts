// The one place the sweep code calls the simulator, so the contract it relies on is visible.

export type { RunResult } from '../index.ts';
export { runSimulation, writeRunOutputs } from '../index.ts';
