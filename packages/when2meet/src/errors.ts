// Errors say what failed, on which request, and what to do, so the CLI can print them as one line.

export interface RequestPlace {
  method: string;
  url: string;
}

/** The server answered, but not with 2xx. */
export class When2MeetHttpError extends Error {
  override name = 'When2MeetHttpError';
  readonly method: string;
  readonly url: string;
  readonly status: number;

  constructor(place: RequestPlace, status: number, statusText: string, advice: string) {
    super(`${`${place.method} ${place.url} failed with HTTP ${status} ${statusText}`.trim()}, ${advice}`);
    this.method = place.method;
    this.url = place.url;
    this.status = status;
  }
}

/** No answer at all: refused connection, DNS failure, reset, or a timeout. */
export class When2MeetNetworkError extends Error {
  override name = 'When2MeetNetworkError';
  readonly method: string;
  readonly url: string;
  readonly attempts: number;
  readonly timedOut: boolean;

  constructor(place: RequestPlace, reason: string, attempts: number, timedOut: boolean) {
    const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
    const advice = timedOut
      ? 'raise --timeout or try again later'
      : 'check the network, the event URL and --base-url / WHEN2MEET_BASE_URL';
    super(`${place.method} ${place.url} failed: ${reason}${tries}, ${advice}`);
    this.method = place.method;
    this.url = place.url;
    this.attempts = attempts;
    this.timedOut = timedOut;
  }
}

/** The server answered 2xx with something this client does not understand or that it refused. */
export class When2MeetProtocolError extends Error {
  override name = 'When2MeetProtocolError';
  readonly url: string;

  constructor(url: string, problem: string, advice: string) {
    super(`${problem}, ${url}, ${advice}`);
    this.url = url;
  }
}

/**
 * An availability vector whose length differs from the event's slot count. SaveTimes.php stores
 * strictly by position, so sending it would put availability on the wrong days: never sent.
 */
export class VectorLengthError extends Error {
  override name = 'VectorLengthError';
  constructor(what: string, expected: number, got: number) {
    super(
      `refusing to save availability: ${what} has ${got} entries but the event has ${expected} slots, ` +
        'reload the event page and rebuild the vector (nothing was sent)',
    );
  }
}

/** A short quote of a response body for error messages. */
export function quoteBody(body: string, max = 120): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (!flat) return 'an empty body';
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max - 3)}...` : flat);
}
