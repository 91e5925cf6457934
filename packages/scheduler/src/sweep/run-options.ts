// The sweep validates run options with the simulator's own schema, so a sweep file accepts
// exactly what `gpusim run` does.
export { type RunOptions, runOptionsSchema } from '../index.ts';
