/** debug < info < warn < error. `-q` maps to warn, `-v` to debug. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  readonly level: LogLevel;
  /** True when messages at `level` are printed: guard expensive formatting with it. */
  enabled(level: LogLevel): boolean;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /**
   * A machine-readable line, `PREFIX {json}`, printed at `level` (default info).
   * The prefix is the stable part that scripts grep for.
   */
  record(prefix: string, payload: unknown, level?: LogLevel): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; stderr by default so stdout stays for results. */
  write?: (line: string) => void;
  /** Shown before human messages, e.g. the tool name. */
  name?: string;
}

export function levelFromFlags(flags: { quiet?: boolean; verbose?: boolean }): LogLevel {
  if (flags.verbose) return 'debug';
  if (flags.quiet) return 'warn';
  return 'info';
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const threshold = RANK[level];
  const tag = options.name ? `${options.name}: ` : '';
  const human = (at: LogLevel) => (message: string) => {
    if (RANK[at] < threshold) return;
    const label = at === 'info' ? '' : `${at}: `;
    write(`${tag}${label}${message}`);
  };
  return {
    level,
    enabled: (at) => RANK[at] >= threshold,
    debug: human('debug'),
    info: human('info'),
    warn: human('warn'),
    error: human('error'),
    record(prefix, payload, at = 'info') {
      if (RANK[at] < threshold) return;
      write(`${prefix} ${JSON.stringify(payload)}`);
    },
  };
}

/** A logger that drops everything: the default for library calls that were given none. */
export const silentLogger: Logger = createLogger({ level: 'error', write: () => {} });
