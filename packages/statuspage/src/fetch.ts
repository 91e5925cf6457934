import { type Logger, silentLogger } from 'kit';
import { HttpError } from './errors.ts';

export const USER_AGENT =
  'devlog-statuspage/0.1 (incident history research; polite: rate-limited, honours Retry-After)';

export interface PoliteOptions {
  userAgent?: string;
  /** Minimum gap between the starts of two requests, across all workers. */
  delayMs?: number;
  /** Retries after a 429, a 5xx or a network error. */
  retries?: number;
  /** First backoff; doubles each retry, with jitter. */
  backoffMs?: number;
  /** A `Retry-After` longer than this fails instead of stalling the run. */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
}

export interface PoliteResponse {
  url: string;
  status: number;
  text: string;
}

/** What one attempt of a request got back: its status, its Retry-After header, and whatever else. */
export interface Answer<T> {
  status: number;
  retryAfter: string | null;
  value: T;
}

export interface PoliteFetcher {
  /** GET with retries; resolves with any final status below 500 except 429 (404 is the caller's call). */
  get(url: string, accept?: string): Promise<PoliteResponse>;
  /**
   * Any request (a browser page load, say) under the same rules: one shared clock between requests,
   * and a 429, a 5xx or a thrown network error retried with backoff or after its Retry-After,
   * whatever the body. Resolves with the first other answer.
   */
  request<T>(url: string, attempt: () => Promise<Answer<T>>): Promise<Answer<T>>;
  readonly requests: number;
}

export const isRetryableStatus = (status: number) => status === 429 || status >= 500;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export function createPoliteFetcher(options: PoliteOptions = {}): PoliteFetcher {
  const userAgent = options.userAgent ?? USER_AGENT;
  const delayMs = options.delayMs ?? 100;
  const retries = options.retries ?? 5;
  const backoffMs = options.backoffMs ?? 500;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const logger = options.logger ?? silentLogger;
  const sleep = options.sleep ?? wait;
  // One shared clock: every worker takes the next free slot, and a Retry-After pushes it for all.
  let nextSlot = 0;
  let requests = 0;

  const takeSlot = async () => {
    const now = Date.now();
    const start = Math.max(now, nextSlot);
    nextSlot = start + delayMs;
    if (start > now) await sleep(start - now);
  };

  const request = async <T>(url: string, attempt: () => Promise<Answer<T>>): Promise<Answer<T>> => {
    for (let tries = 0; ; tries++) {
      await takeSlot();
      requests++;
      let status = 0;
      let retryAfter: number | undefined;
      let failure: string;
      try {
        const answer = await attempt();
        if (!isRetryableStatus(answer.status)) return answer;
        status = answer.status;
        retryAfter = parseRetryAfter(answer.retryAfter);
        failure = `HTTP ${status}`;
      } catch (error) {
        failure = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      }
      if (retryAfter !== undefined && retryAfter > maxRetryAfterMs) {
        throw new HttpError(
          url,
          status,
          `${failure} with Retry-After ${Math.round(retryAfter / 1000)} s, longer than allowed`,
        );
      }
      if (tries >= retries) {
        throw new HttpError(url, status, `${failure} after ${retries + 1} attempts; try again later`);
      }
      const backoff = backoffMs * 2 ** tries * (0.5 + Math.random() / 2);
      const pause = retryAfter ?? backoff;
      if (retryAfter !== undefined) nextSlot = Math.max(nextSlot, Date.now() + retryAfter);
      logger.debug(`${failure} on ${url}, retry ${tries + 1}/${retries} in ${Math.round(pause)} ms`);
      await sleep(pause);
    }
  };

  const get = async (url: string, accept = 'application/json'): Promise<PoliteResponse> => {
    const answer = await request(url, async () => {
      const response = await fetch(url, {
        headers: { 'user-agent': userAgent, accept },
        signal: AbortSignal.timeout(timeoutMs),
      });
      // A 429 or 5xx is retried whatever its body: an empty or cut-off one must not stop the retry.
      const text = isRetryableStatus(response.status)
        ? await response.text().catch(() => '')
        : await response.text();
      return { status: response.status, retryAfter: response.headers.get('retry-after'), value: text };
    });
    return { url, status: answer.status, text: answer.value };
  };

  return {
    get,
    request,
    get requests() {
      return requests;
    },
  };
}
