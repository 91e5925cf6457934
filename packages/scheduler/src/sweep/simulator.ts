// The one place the sweep code touches the simulator, so the contract it relies on is visible.
export { runOptionsSchema, runSimulation, writeRunOutputs } from '../index.ts';
export type { RunOptions, RunResult } from '../index.ts';
