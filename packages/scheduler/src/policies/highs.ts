import loadHighs, { type Highs } from 'highs';

/**
 * The HiGHS WebAssembly runtime, loaded once per process: instantiating the module costs
 * tens of milliseconds and its memory is never given back, so every policy shares one.
 */
let runtime: Promise<Highs> | undefined;

export function highsRuntime(): Promise<Highs> {
  runtime ??= loadHighs();
  return runtime;
}

export type { Highs };
