import { type Logger, silentLogger } from 'kit';
import { quoteBody, When2MeetHttpError, When2MeetNetworkError, When2MeetProtocolError } from './errors.ts';
import { type EventRef, eventUrl } from './protocol/event-ref.ts';
import {
  type CreateEventInput,
  createEventForm,
  loginForm,
  type SaveTimesInput,
  saveTimesForm,
} from './protocol/forms.ts';
import { type EventPage, parseEventPage } from './protocol/page.ts';
import { parseCreateRedirect } from './protocol/redirect.ts';

export const DEFAULT_BASE_URL = 'https://www.when2meet.com';

export interface ClientOptions {
  /** Default https://www.when2meet.com. The library reads no environment; the CLI does. */
  baseUrl?: string;
  /** Per request, in milliseconds. Default 15000. */
  timeoutMs?: number;
  /** Extra attempts for idempotent GETs after a network error, 408, 429 or 5xx. Default 2. */
  retries?: number;
  /** First backoff delay; doubles per retry. Default 300 ms. */
  retryDelayMs?: number;
  fetch?: typeof fetch;
  logger?: Logger;
}

export interface LoadedEvent extends EventPage {
  id: number;
  code: string;
  url: string;
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

function adviceFor(status: number): string {
  if (status === 404) return 'check the event URL and --base-url';
  if (status === 429) return 'When2Meet is rate limiting, wait a minute and try again';
  if (status >= 500) return 'When2Meet had a server error, try again later';
  return 'check the request and --base-url';
}

function networkReason(error: unknown): { reason: string; timedOut: boolean } {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { reason: 'timed out', timedOut: true };
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return { reason: `network error (${reason})`, timedOut: false };
}

/**
 * HTTP client for when2meet.com: forms out, HTML in. GETs are retried; POSTs never are (a
 * repeated create makes a second event). Saves go through one queue so they never interleave.
 */
export class When2MeetClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly logger: Logger;
  private saveQueue: Promise<unknown> = Promise.resolve();

  constructor(options: ClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 300;
    this.fetchImpl = options.fetch ?? fetch;
    this.logger = options.logger ?? silentLogger;
  }

  eventUrl(ref: Pick<EventRef, 'id' | 'code'>): string {
    return eventUrl(this.baseUrl, ref);
  }

  private async request(
    method: 'GET' | 'POST',
    url: string,
    body?: FormData | URLSearchParams,
  ): Promise<string> {
    const attempts = method === 'GET' ? 1 + this.retries : 1;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= attempts;
      let response: Response;
      try {
        this.logger.debug(`${method} ${url}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
        response = await this.fetchImpl(url, { method, body, signal: AbortSignal.timeout(this.timeoutMs) });
      } catch (error) {
        const { reason, timedOut } = networkReason(error);
        if (last) {
          throw new When2MeetNetworkError(
            { method, url },
            timedOut ? `timed out after ${this.timeoutMs} ms` : reason,
            attempt,
            timedOut,
          );
        }
        await this.backoff(attempt);
        continue;
      }
      const text = await response.text();
      if (response.ok) return text;
      if (!last && RETRY_STATUS.has(response.status)) {
        await this.backoff(attempt);
        continue;
      }
      throw new When2MeetHttpError(
        { method, url },
        response.status,
        response.statusText,
        adviceFor(response.status),
      );
    }
  }

  private backoff(attempt: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * 2 ** (attempt - 1)));
  }

  /** POST /SaveNewEvent.php; returns the new event's id, code and absolute URL. */
  async createEvent(input: CreateEventInput): Promise<{ id: number; code: string; url: string }> {
    const form = createEventForm(input);
    const url = `${this.baseUrl}/SaveNewEvent.php`;
    const ref = parseCreateRedirect(await this.request('POST', url, form), url);
    return { ...ref, url: this.eventUrl(ref) };
  }

  /** GET the event page and parse it. */
  async getEvent(ref: Pick<EventRef, 'id' | 'code'>): Promise<LoadedEvent> {
    const url = this.eventUrl(ref);
    const page = parseEventPage(await this.request('GET', url), url);
    if (page.id !== undefined && page.id !== ref.id) {
      throw new When2MeetProtocolError(
        url,
        `the page is for event ${page.id}, not ${ref.id}`,
        'check the event URL and --base-url',
      );
    }
    return { ...page, id: ref.id, code: ref.code, url };
  }

  /** POST /ProcessLogin.php. Same name and password give the same person id every time. */
  async signIn(eventId: number, name: string, password: string): Promise<number> {
    const url = `${this.baseUrl}/ProcessLogin.php`;
    const body = (await this.request('POST', url, loginForm(eventId, name, password))).trim();
    const id = /^\d+$/.test(body) ? Number(body) : 0;
    if (id > 0) return id;
    throw new When2MeetProtocolError(
      url,
      `sign-in as ${JSON.stringify(name)} refused: ${quoteBody(body)}`,
      'use the password this name was given on this event, or another name',
    );
  }

  /** POST /SaveTimes.php with a full-length vector (asserted before sending), one save at a time. */
  saveTimes(input: SaveTimesInput): Promise<void> {
    const form = saveTimesForm(input);
    const url = `${this.baseUrl}/SaveTimes.php`;
    const run = async () => {
      const body = await this.request('POST', url, form);
      // The site answers a refused save with a short message; a page or nothing means it went through.
      const text = body.trim();
      if (text.length > 0 && text.length < 200 && /wrong password|error|not found/i.test(text)) {
        throw new When2MeetProtocolError(
          url,
          `save refused: ${quoteBody(body)}`,
          'sign in again with the right password',
        );
      }
    };
    const result = this.saveQueue.then(run, run);
    this.saveQueue = result.catch(() => {});
    return result;
  }
}
