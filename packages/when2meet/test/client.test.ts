import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { When2MeetClient } from '../src/client.ts';
import {
  VectorLengthError,
  When2MeetHttpError,
  When2MeetNetworkError,
  When2MeetProtocolError,
} from '../src/errors.ts';
import { fillAvailability } from '../src/fill.ts';
import { parseFreeRange } from '../src/free.ts';
import { vectorFromIndexes } from '../src/protocol/vector.ts';
import { renderPage, When2MeetEmulator } from './emulator.ts';

let emulator: When2MeetEmulator;
beforeAll(async () => {
  emulator = await new When2MeetEmulator().start();
});
afterAll(() => emulator.stop());

const client = (options: ConstructorParameters<typeof When2MeetClient>[0] = {}) =>
  new When2MeetClient({ baseUrl: emulator.baseUrl, retryDelayMs: 5, timeoutMs: 2000, ...options });

async function twoDayEvent(c = client()) {
  return c.createEvent({
    name: 'Two days',
    dates: ['2026-12-01', '2026-12-02'],
    earliestHour: 9,
    latestHour: 11,
    timezone: 'Europe/Berlin',
  });
}

function countRequests(path: string, method = 'POST') {
  return emulator.requests.filter((r) => r.path === path && r.method === method).length;
}

describe('When2MeetClient against the emulator', () => {
  it('creates with a multipart form and reads back the page slots', async () => {
    const created = await twoDayEvent();
    expect(created.url).toBe(`${emulator.baseUrl}/?${created.id}-${created.code}`);
    expect(emulator.requests.at(-1)!.contentType).toMatch(/^multipart\/form-data/);
    const event = await client().getEvent(created);
    expect(event).toMatchObject({ name: 'Two days', timezone: 'Europe/Berlin', kind: 'dates', people: [] });
    expect(event.slots).toEqual(emulator.events.get(created.id)!.slots);
    expect(event.slots[0]).toBe(Date.parse('2026-12-01T08:00:00Z') / 1000);
  });

  it('signs in by name and password: same pair, same id; wrong password refused verbatim', async () => {
    const { id } = await twoDayEvent();
    const first = await client().signIn(id, 'Ann', 'secret');
    expect(await client().signIn(id, 'Ann', 'secret')).toBe(first);
    expect(await client().signIn(id, 'Bo', '')).not.toBe(first);
    await expect(client().signIn(id, 'Ann', 'nope')).rejects.toThrow(
      /sign-in as "Ann" refused: "Wrong password\.", http:\/\/127\.0\.0\.1:\d+\/ProcessLogin\.php, use the password/,
    );
  });

  it('a partial vector misplaces availability on this server, so the client never sends one', async () => {
    const created = await twoDayEvent();
    const event = await client().getEvent(created);
    const person = await client().signIn(created.id, 'Cy', '');
    // What a careless client does: send only the second day's 8 slots.
    await fetch(`${emulator.baseUrl}/SaveTimes.php`, {
      method: 'POST',
      body: new URLSearchParams({
        person: String(person),
        event: String(created.id),
        slots: event.slots.slice(8).join(','),
        availability: '11111111',
        password: '',
        ChangeToAvailable: 'true',
      }),
    });
    const after = await client().getEvent(created);
    expect(after.people[0]!.available).toEqual([0, 1, 2, 3, 4, 5, 6, 7]); // landed on day one

    const before = countRequests('/SaveTimes.php');
    await expect(() =>
      client().saveTimes({
        personId: person,
        eventId: created.id,
        slots: event.slots,
        vector: new Uint8Array(8),
        password: '',
      }),
    ).toThrow(VectorLengthError);
    expect(countRequests('/SaveTimes.php')).toBe(before);
  });

  it('a save with the wrong password is refused in words, not silently', async () => {
    const created = await twoDayEvent();
    const event = await client().getEvent(created);
    const person = await client().signIn(created.id, 'Fay', 'right');
    await expect(
      client().saveTimes({
        personId: person,
        eventId: created.id,
        slots: event.slots,
        vector: new Uint8Array(16),
        password: 'wrong',
      }),
    ).rejects.toThrow(/save refused: "Wrong password\.", http:.*SaveTimes\.php/);
  });

  it('the create answer only redirects for a multipart form, as on the real site', async () => {
    const url = `${emulator.baseUrl}/SaveNewEvent.php`;
    const fields = {
      NewEventName: 'x',
      DateTypes: 'SpecificDates',
      PossibleDates: '2026-12-01',
      NoEarlierThan: '9',
      NoLaterThan: '10',
      TimeZone: 'UTC',
    };
    const urlencoded = await (await fetch(url, { method: 'POST', body: new URLSearchParams(fields) })).text();
    expect(urlencoded).not.toContain('window.location');
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    expect(await (await fetch(url, { method: 'POST', body: form })).text()).toMatch(
      /window\.location='\.\/\?\d+-\w+'/,
    );
  });

  it('serialises saves: one SaveTimes at a time, last one wins', async () => {
    const created = await twoDayEvent();
    const event = await client().getEvent(created);
    const person = await client().signIn(created.id, 'Di', '');
    const c = client();
    emulator.saveDelayMs = 40;
    emulator.maxConcurrentSaves = 0;
    try {
      await Promise.all(
        [[0], [1, 2], [15]].map((indexes) =>
          c.saveTimes({
            personId: person,
            eventId: created.id,
            slots: event.slots,
            vector: vectorFromIndexes(16, indexes),
            password: '',
          }),
        ),
      );
    } finally {
      emulator.saveDelayMs = 0;
    }
    expect(emulator.maxConcurrentSaves).toBe(1);
    expect((await c.getEvent(created)).people[0]!.available).toEqual([15]);
  });

  it('retries a GET after 503s, but never a POST', async () => {
    const created = await twoDayEvent();
    emulator.inject({ path: '/', kind: 'status', status: 503 }, 2);
    const before = countRequests('/', 'GET');
    await client({ retries: 2 }).getEvent(created);
    expect(countRequests('/', 'GET') - before).toBe(3);

    emulator.inject({ path: '/', kind: 'status', status: 503 }, 3);
    await expect(client({ retries: 2 }).getEvent(created)).rejects.toThrow(When2MeetHttpError);

    emulator.inject({ path: '/SaveNewEvent.php', kind: 'status', status: 503 });
    const creates = countRequests('/SaveNewEvent.php');
    await expect(twoDayEvent(client({ retries: 5 }))).rejects.toThrow(
      /POST http:\/\/127\.0\.0\.1:\d+\/SaveNewEvent\.php failed with HTTP 503 Service Unavailable, When2Meet had a server error/,
    );
    expect(countRequests('/SaveNewEvent.php')).toBe(creates + 1);
  });

  it('times out a request that gets no answer', async () => {
    const created = await twoDayEvent();
    emulator.inject({ path: '/', kind: 'hang' });
    await expect(client({ timeoutMs: 200, retries: 0 }).getEvent(created)).rejects.toThrow(
      /GET .* failed: timed out after 200 ms, raise --timeout/,
    );
  });

  it('reports a refused connection with the URL and the number of attempts', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const error = await new When2MeetClient({
      baseUrl: `http://127.0.0.1:${port}`,
      retries: 2,
      retryDelayMs: 1,
    })
      .getEvent({ id: 1, code: 'a' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(When2MeetNetworkError);
    expect((error as When2MeetNetworkError).attempts).toBe(3);
    expect(String((error as Error).message)).toMatch(/ECONNREFUSED.*\(3 attempts\), check the network/);
  });

  it('refuses a page that belongs to another event', async () => {
    const page = renderPage({
      id: 5,
      code: 'Five',
      name: 'other',
      kind: 'dates',
      timezone: 'UTC',
      slots: [1800000000],
      people: [],
    });
    const c = new When2MeetClient({ baseUrl: 'http://127.0.0.1:9', fetch: async () => new Response(page) });
    await expect(c.getEvent({ id: 6, code: 'Six' })).rejects.toThrow(/the page is for event 5, not 6/);
    expect((await c.getEvent({ id: 5, code: 'Five' })).name).toBe('other');
  });

  it('fill checks what the server stored and fails loudly if it moved', async () => {
    const created = await twoDayEvent();
    // A server that shifts everything by one slot after saving.
    const shifting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith('/SaveTimes.php')) {
        for (const person of emulator.events.get(created.id)!.people) {
          person.available = new Set([...person.available].map((i) => i + 1));
        }
      }
      return response;
    };
    const c = new When2MeetClient({ baseUrl: emulator.baseUrl, fetch: shifting });
    await expect(
      fillAvailability(c, created, {
        name: 'Ed',
        password: '',
        free: [parseFreeRange('2026-12-02 09:00-10:00')],
      }),
    ).rejects.toThrow(When2MeetProtocolError);
    await expect(
      fillAvailability(c, created, {
        name: 'Ed',
        password: '',
        free: [parseFreeRange('2026-12-02 09:00-10:00')],
      }),
    ).rejects.toThrow(/saved availability differs from what was sent, first at slot/);
  });
});
