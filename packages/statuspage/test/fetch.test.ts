import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '../src/errors.ts';
import { createPoliteFetcher, parseRetryAfter, USER_AGENT } from '../src/fetch.ts';
import { checkShrink } from '../src/store.ts';

let close: (() => void) | undefined;
afterEach(() => close?.());

async function serve(answers: { status: number; headers?: Record<string, string>; body?: string }[]) {
  const seen: { at: number; userAgent: string }[] = [];
  const server = createServer((request, response) => {
    seen.push({ at: Date.now(), userAgent: request.headers['user-agent'] ?? '' });
    const answer = answers.shift() ?? { status: 200 };
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body ?? (answer.status === 200 ? '{"ok":true}' : 'busy'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => server.close();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.json`, seen };
}

describe('polite fetcher', () => {
  it('spaces requests by the delay and says who it is', async () => {
    const { url, seen } = await serve([]);
    const http = createPoliteFetcher({ delayMs: 150 });
    const started = Date.now();
    await Promise.all([http.get(url), http.get(url), http.get(url), http.get(url)]);
    expect(new Set(seen.map((hit) => hit.userAgent))).toEqual(new Set([USER_AGENT]));
    // The server shares this process, so a busy event loop can bunch arrivals together; but no
    // request can arrive before it was sent, and the fourth is sent three delays after the first.
    expect(seen).toHaveLength(4);
    expect(seen[3]!.at - started).toBeGreaterThanOrEqual(440);
  });

  it('waits out Retry-After on a 429, then backs off on 5xx', async () => {
    const { url, seen } = await serve([{ status: 429, headers: { 'retry-after': '1' } }, { status: 502 }]);
    const http = createPoliteFetcher({ delayMs: 0, backoffMs: 100 });
    const response = await http.get(url);
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(45);
  });

  it('retries a 503 and a 429 that come with no body at all', async () => {
    const { url, seen } = await serve([
      { status: 503, body: '' },
      { status: 429, body: '' },
    ]);
    const response = await createPoliteFetcher({ delayMs: 0, backoffMs: 1 }).get(url);
    expect(response).toMatchObject({ status: 200, text: '{"ok":true}' });
    expect(seen).toHaveLength(3);
  });

  it('hands a 404 back to the caller without retrying', async () => {
    const { url, seen } = await serve([{ status: 404 }]);
    expect((await createPoliteFetcher({ delayMs: 0 }).get(url)).status).toBe(404);
    expect(seen).toHaveLength(1);
  });

  it('gives up after the retries, naming the URL', async () => {
    const { url } = await serve(Array.from({ length: 5 }, () => ({ status: 503 })));
    const http = createPoliteFetcher({ delayMs: 0, backoffMs: 1, retries: 2 });
    await expect(http.get(url)).rejects.toThrow(
      new HttpError(url, 503, 'HTTP 503 after 3 attempts; try again later'),
    );
  });

  it('refuses a Retry-After longer than allowed', async () => {
    const { url } = await serve([{ status: 503, headers: { 'retry-after': '3600' } }]);
    await expect(createPoliteFetcher({ delayMs: 0 }).get(url)).rejects.toThrow(/Retry-After 3600 s/);
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter('Sun, 29 Nov 2026 15:00:10 GMT', Date.parse('2026-11-29T15:00:00Z'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('shrink guard', () => {
  it('allows small drops and refuses large ones', () => {
    expect(() => checkShrink(95, 100, 'f')).not.toThrow();
    expect(() => checkShrink(0, 0, 'f')).not.toThrow();
    expect(() => checkShrink(40, 100, 'data/incidents.jsonl')).toThrow(
      'scrape found 40 incidents but 100 are stored, data/incidents.jsonl: left untouched',
    );
  });
});
