import type { Command } from 'commander';
import { createLogger, InputError, type Logger, levelFromFlags, parseNumberFlag } from 'kit';
import { z } from 'zod';
import { When2MeetClient } from '../client.ts';
import { type EventRef, parseEventRef } from '../protocol/event-ref.ts';
import { isValidTimeZone } from '../time.ts';

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

export const timeZoneSchema = z.string().refine(isValidTimeZone);

export function timeZoneOption(value: string | undefined, field = '--timezone'): string | undefined {
  if (value === undefined) return undefined;
  return parseOption(timeZoneSchema, value, field, 'an IANA time zone such as America/Los_Angeles');
}

export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

export function loggerFor(globals: GlobalOptions): Logger {
  return createLogger({ name: 'when2meet', level: levelFromFlags(globals) });
}

/**
 * Where requests go: --base-url, then WHEN2MEET_BASE_URL, then the origin of the event URL the
 * user pasted, then the real site.
 */
export function clientFor(globals: GlobalOptions, ref?: EventRef): When2MeetClient {
  const explicit = globals.baseUrl ?? process.env.WHEN2MEET_BASE_URL;
  const baseUrl = explicit ?? ref?.origin;
  if (explicit !== undefined) {
    parseOption(
      z.url({ protocol: /^https?$/ }),
      explicit,
      '--base-url',
      'an http(s) URL like https://www.when2meet.com',
    );
  }
  return new When2MeetClient({
    ...(baseUrl ? { baseUrl } : {}),
    timeoutMs: parseNumberFlag('--timeout', globals.timeout, { integer: true, min: 1, unit: 'milliseconds' }),
    retries: parseNumberFlag('--retries', globals.retries, { integer: true, min: 0, unit: 'retries' }),
    logger: loggerFor(globals),
  });
}

export function eventArgument(url: string): EventRef {
  return parseEventRef(url, 'event URL');
}
