import type { Command } from 'commander';
import { createLogger, InputError, type Logger, levelFromFlags, parseNumberFlag } from 'kit';
import { z } from 'zod';
import { type OperationContext, operationContext } from '../operations/context.ts';

export interface GlobalOptions {
  baseUrl?: string;
  timeout: string;
  retries: string;
  quiet?: boolean;
  verbose?: boolean;
}

/** Validate one option value with zod; failures read `--flag: expected X, got Y`. */
export function parseOption<T>(schema: z.ZodType<T>, value: unknown, field: string, expected: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw InputError.expected({ field }, expected, value);
  return result.data;
}

export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

export function loggerFor(globals: GlobalOptions): Logger {
  return createLogger({ name: 'when2meet', level: levelFromFlags(globals) });
}

// The event is the positional URL; calendar text, which tools may pass inline, comes from --ics here.
const NOT_A_FLAG: Record<string, string> = { url: 'event URL', icsText: '--ics' };

/** How an operation's input field is named on the command line: `minPeople` is `--min-people`. */
export function flagName(field: string): string {
  return NOT_A_FLAG[field] ?? `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * What the operations need from the command line. Requests go to --base-url, then
 * WHEN2MEET_BASE_URL, then the origin of the event URL the user pasted, then the real site.
 */
export function contextFor(globals: GlobalOptions): OperationContext {
  const baseUrl = baseUrlOf(globals);
  return operationContext({
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    followEventOrigin: true,
    ...requestOptions(globals),
    field: flagName,
  });
}

/** --base-url, else WHEN2MEET_BASE_URL (the one environment variable this package reads). */
export function baseUrlOf(globals: GlobalOptions): string | undefined {
  const baseUrl = globals.baseUrl ?? process.env.WHEN2MEET_BASE_URL;
  if (baseUrl !== undefined) {
    parseOption(
      z.url({ protocol: /^https?$/ }),
      baseUrl,
      '--base-url',
      'an http(s) URL like https://www.when2meet.com',
    );
  }
  return baseUrl;
}

/** --timeout, --retries, -q and -v, for whatever makes requests. */
export function requestOptions(globals: GlobalOptions): {
  timeoutMs: number;
  retries: number;
  logger: Logger;
} {
  return {
    timeoutMs: parseNumberFlag('--timeout', globals.timeout, { integer: true, min: 1, unit: 'milliseconds' }),
    retries: parseNumberFlag('--retries', globals.retries, { integer: true, min: 0, unit: 'retries' }),
    logger: loggerFor(globals),
  };
}
