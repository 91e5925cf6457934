// The sweep validates run options with the simulator's own schema, so a sweep file accepts
// exactly what `gpusim run` does. Imported from its module, not the package index, so the index
// can re-export the sweep API without an import cycle.
export { type RunOptions, runOptionsSchema } from '../options.ts';
