export { writeFileAtomic, writeFileAtomicSync } from './atomic.ts';
export {
  CHROMIUM_ARGS,
  ChromiumNotFoundError,
  DEBIAN_CHROMIUM,
  findChromium,
  launchChromium,
} from './chromium.ts';
export { type CliBoundaryOptions, cliErrorLine, isInternalError, runCli } from './cli.ts';
export { type CsvRecord, type CsvValue, csvField, parseCsv, requireColumns, toCsv } from './csv.ts';
export { describeValue, InputError, type InputPlace, oneLine } from './errors.ts';
export { describeNumber, type NumberFlagSpec, numberFlag, parseNumberFlag } from './flags.ts';
export { type JsonlLine, parseJsonl, parseJsonlLines, toJsonl } from './jsonl.ts';
export {
  createLogger,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  levelFromFlags,
  silentLogger,
} from './log.ts';
export { PLACEHOLDER, valueAtPath } from './placeholders.ts';
export { createProgress, type Progress, type ProgressOptions } from './progress.ts';
export { repoRoot, sharedPath } from './repo.ts';
export { quantileSorted, round } from './stats.ts';
