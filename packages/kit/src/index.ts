export { writeFileAtomic, writeFileAtomicSync } from './atomic.ts';
export { CHROMIUM_ARGS, ChromiumNotFoundError, DEBIAN_CHROMIUM, findChromium, launchChromium } from './chromium.ts';
export { csvField, parseCsv, requireColumns, toCsv, type CsvRecord, type CsvValue } from './csv.ts';
export { describeValue, InputError, oneLine, type InputPlace } from './errors.ts';
export { repoRoot, sharedPath } from './repo.ts';
export { parseJsonl, toJsonl } from './jsonl.ts';
export { createLogger, levelFromFlags, silentLogger, type Logger, type LoggerOptions, type LogLevel } from './log.ts';
export { createProgress, type Progress, type ProgressOptions } from './progress.ts';
