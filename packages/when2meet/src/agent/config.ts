import type { Logger } from 'kit';
import { z } from 'zod';
import { type OperationContext, operationContext } from '../operations/context.ts';
import { isValidTimeZone } from '../time.ts';

// Patterns rather than `format`: a JSON Schema validator may skip `format` (an Ajv without its
// formats plugin does), never `pattern`; and `uri` would let ftp: and mailto: through.
export const BASE_URL_PATTERN = '^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[^\\s?#]*)?$';
export const TIME_ZONE_PATTERN = '^(?:UTC|[A-Za-z]+(?:/[A-Za-z0-9_+-]+)+)$';

/** The agent front ends' settings: the OpenClaw plugin config, and `when2meet mcp`'s flags. */
export const agentConfigSchema = z.strictObject({
  defaultName: z
    .string({ error: 'a name' })
    .min(1, { error: 'a name' })
    .optional()
    .describe('Name to sign in with when filling availability and no name is given.'),
  defaultTimezone: z
    .string({ error: 'an IANA time zone such as Europe/Berlin' })
    .regex(new RegExp(TIME_ZONE_PATTERN), { error: 'an IANA time zone such as Europe/Berlin' })
    .refine(isValidTimeZone, { error: 'an IANA time zone such as Europe/Berlin' })
    .optional()
    .describe(
      'IANA time zone for new events and for reading calendars onto weekday events, e.g. Europe/Berlin.',
    ),
  baseUrl: z
    .string({ error: 'an http(s) URL like https://www.when2meet.com' })
    .regex(new RegExp(BASE_URL_PATTERN), { error: 'an http(s) URL like https://www.when2meet.com' })
    .optional()
    .describe('When2Meet site to talk to; defaults to https://www.when2meet.com. Event URLs must be on it.'),
});

export type AgentConfig = z.output<typeof agentConfigSchema>;

export interface AgentContextOptions {
  logger?: Logger;
  readText?: (path: string) => Promise<string>;
  timeoutMs?: number;
  retries?: number;
}

/** The operation context both agent front ends use: the configured site only, config defaults. */
export function agentContext(config: AgentConfig, options: AgentContextOptions = {}): OperationContext {
  return operationContext({
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    followEventOrigin: false,
    defaults: {
      ...(config.defaultName ? { name: config.defaultName } : {}),
      ...(config.defaultTimezone ? { timeZone: config.defaultTimezone } : {}),
    },
    ...options,
  });
}
