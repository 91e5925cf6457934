// The one place the sweep code calls the simulator, so the contract it relies on is visible.
export { writeRunOutputs } from '../outputs/write.ts';
export { type RunResult, runSimulation } from '../run-simulation.ts';
