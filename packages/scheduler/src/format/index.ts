export { RunFileError, type RunFilePlace } from './errors.ts';
export { crc32, FORMAT_VERSION, MAGIC } from './layout.ts';
export { decodeRunData, type ReadOptions, readRunFile, readRunHeader } from './reader.ts';
export { type JobRound, RunFile, runFileFromData } from './run-file.ts';
export { lastAtOrBefore } from './search.ts';
export { type RoundShares, SHARES_VERSION, type ShareData, type ShareInput, TAG_SHARES } from './shares.ts';
export { type SyntheticRun, type SyntheticRunOptions, synthesizeRun } from './synthetic.ts';
export type { RunData, RunHeader, RunJobTable } from './types.ts';
export { RunRecorder } from './writer.ts';
