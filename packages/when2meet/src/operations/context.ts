import { readFile } from 'node:fs/promises';
import { InputError, type Logger } from 'kit';
import { DEFAULT_BASE_URL, When2MeetClient } from '../client.ts';
import type { EventRef } from '../protocol/event-ref.ts';

/** What a front end knows that the operations need: where to send requests, defaults, names. */
export interface OperationContext {
  /** The client for this event (or for a new one). */
  client(ref?: EventRef): When2MeetClient;
  defaults: OperationDefaults;
  /** How this front end names an input field in errors: `--from` on the CLI, `from` for tools. */
  field(name: string): string;
  /** Reads a calendar file; front ends with a file policy (OpenClaw) bring their own. */
  readText(path: string): Promise<string>;
}

export interface OperationDefaults {
  /** Name to fill availability as when the call gives none. */
  name?: string;
  /** Zone for new events and for reading calendars onto weekday events. */
  timeZone?: string;
}

export interface ContextOptions {
  /** The site to talk to, as configured (CLI flag or env, plugin config, MCP flag). */
  baseUrl?: string;
  /**
   * With no configured site, talk to the origin of the event URL given (the CLI: the user pasted
   * it). Agent front ends keep to the configured site, so a URL in a message cannot point them at
   * another server.
   */
  followEventOrigin: boolean;
  timeoutMs?: number;
  retries?: number;
  logger?: Logger;
  fetch?: typeof fetch;
  defaults?: OperationDefaults;
  field?: (name: string) => string;
  readText?: (path: string) => Promise<string>;
}

/** `when2meet.com` and `www.when2meet.com` are one site; anything else must match host and port. */
function siteOf(url: string): string {
  return new URL(url).host.replace(/^www\./, '');
}

export function operationContext(options: ContextOptions): OperationContext {
  const field = options.field ?? ((name: string) => name);
  return {
    defaults: options.defaults ?? {},
    field,
    readText: options.readText ?? ((path) => readFile(path, 'utf8')),
    client(ref) {
      const configured = options.baseUrl ?? (options.followEventOrigin ? undefined : DEFAULT_BASE_URL);
      if (
        ref?.origin &&
        configured &&
        !options.followEventOrigin &&
        siteOf(ref.origin) !== siteOf(configured)
      ) {
        throw new InputError(
          { field: field('url') },
          `the event is on ${ref.origin} but this server talks to ${configured}; ` +
            'give an event on that site, or configure baseUrl for the other one',
        );
      }
      const baseUrl = configured ?? ref?.origin;
      return new When2MeetClient({
        ...(baseUrl ? { baseUrl } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.retries !== undefined ? { retries: options.retries } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
    },
  };
}
