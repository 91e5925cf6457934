import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from 'kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { When2MeetEmulator } from './emulator.ts';

// End to end: the real bin, spawned as a user would, against the emulator on 127.0.0.1.
let emulator: When2MeetEmulator;
const dir = mkdtempSync(join(tmpdir(), 'when2meet-cli-'));
beforeAll(async () => {
  emulator = await new When2MeetEmulator().start();
});
afterAll(() => emulator.stop());

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const cleanEnv = { ...process.env, ...env };
  if (!('WHEN2MEET_BASE_URL' in env)) delete cleanEnv.WHEN2MEET_BASE_URL;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['packages/when2meet/bin/when2meet.js', ...args],
      { cwd: repoRoot(), env: cleanEnv, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const w2m = (...args: string[]) => run(['--base-url', emulator.baseUrl, '--retries', '0', ...args]);

/** A failing command prints exactly one line, prefixed with the tool name. */
function expectOneLineError(result: Run, pattern: RegExp) {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^when2meet: /);
  expect(lines[0]).toMatch(pattern);
}

const unix = (iso: string) => Date.parse(iso) / 1000;
const quarterHours = (startIso: string, count: number) =>
  Array.from({ length: count }, (_, i) => unix(startIso) + i * 900);

async function showJson(url: string) {
  const shown = await w2m('show', url, '--json');
  expect(shown.code).toBe(0);
  expect(shown.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(shown.stdout) as {
    id: number;
    code: string;
    name: string;
    timezone: string | null;
    kind: string;
    slots: number[];
    people: { id: number; name: string; available: number[] }[];
  };
}

async function create(...args: string[]): Promise<string> {
  const created = await w2m('create', ...args);
  expect(created.stderr).toBe('');
  expect(created.code).toBe(0);
  return created.stdout.trim();
}

describe('when2meet CLI end to end', () => {
  let datesUrl: string;
  /** `fill` on the dates event as the one signed-in person these tests share. */
  const fillAsZoe = (password: string, ...args: string[]) =>
    w2m('fill', datesUrl, '--name', "Zoë O'Brien", '--password', password, ...args);

  it('create prints the event URL and the event exists with those dates, hours and zone', async () => {
    datesUrl = await create(
      '--name',
      'Planning',
      '--dates',
      '2026-12-01,2026-12-03',
      '--from',
      '09:00',
      '--to',
      '17:00',
      '--timezone',
      'America/Los_Angeles',
    );
    expect(datesUrl).toMatch(new RegExp(`^${emulator.baseUrl}/\\?\\d+-[A-Za-z0-9]+$`));
    const event = await showJson(datesUrl);
    expect(event).toMatchObject({
      name: 'Planning',
      timezone: 'America/Los_Angeles',
      kind: 'dates',
      people: [],
    });
    expect(event.slots).toEqual([
      ...quarterHours('2026-12-01T17:00:00Z', 32),
      ...quarterHours('2026-12-03T17:00:00Z', 32),
    ]);
  });

  it('fill from free ranges saves exactly those slots; show --json reports them', async () => {
    const filled = await fillAsZoe('pw', '--free', '2026-12-01 09:00-10:30', '2026-12-03 16:00-17:00');
    expect(filled.code).toBe(0);
    expect(filled.stdout).toMatch(/^Saved 10 of 64 slots available for Zoë O'Brien/);
    const event = await showJson(datesUrl);
    expect(event.people).toHaveLength(1);
    expect(event.people[0]!.name).toBe("Zoë O'Brien");
    expect(event.people[0]!.available).toEqual([
      ...quarterHours('2026-12-01T17:00:00Z', 6),
      ...quarterHours('2026-12-04T00:00:00Z', 4),
    ]);
  });

  it('--merge keeps what was saved and adds; without it the new ranges replace', async () => {
    await fillAsZoe('pw', '--free', '2026-12-03 09:00-09:30', '--merge');
    let event = await showJson(datesUrl);
    expect(event.people[0]!.available).toHaveLength(12);
    expect(event.people[0]!.available).toContain(unix('2026-12-03T17:15:00Z'));
    expect(event.people[0]!.available).toContain(unix('2026-12-01T17:00:00Z'));
    await fillAsZoe('pw', '--free', '2026-12-03 09:00-09:30');
    event = await showJson(datesUrl);
    expect(event.people[0]!.available).toEqual(quarterHours('2026-12-03T17:00:00Z', 2));
  });

  it('--dry-run prints the full form and sends nothing, not even a sign-in', async () => {
    const before = emulator.requests.filter((r) => r.method === 'POST').length;
    const dry = await w2m(
      'fill',
      datesUrl,
      '--name',
      'Newcomer',
      '--free',
      '2026-12-01 16:00-17:00',
      '--dry-run',
    );
    expect(dry.code).toBe(0);
    expect(emulator.requests.filter((r) => r.method === 'POST').length).toBe(before);
    expect(dry.stdout).toMatch(/^Dry run, nothing sent/);
    const availability = /availability=([01]+)/.exec(dry.stdout)![1]!;
    expect(availability).toBe(`${'0'.repeat(28)}1111${'0'.repeat(32)}`);
    expect(/slots=([\d,]+)/.exec(dry.stdout)![1]!.split(',')).toHaveLength(64);
    expect(dry.stdout).toContain('person=(assigned at sign-in)');

    const json = await fillAsZoe('pw', '--free', '2026-12-01 16:00-17:00', '--merge', '--dry-run', '--json');
    const plan = JSON.parse(json.stdout);
    expect(plan).toMatchObject({
      sent: false,
      slots: 64,
      request: { method: 'POST', fields: { password: '(hidden)' } },
    });
    expect(plan.available).toHaveLength(6);
    expect(emulator.requests.filter((r) => r.method === 'POST').length).toBe(before);
  });

  it('refuses a wrong password in one line, and saves nothing', async () => {
    const saves = emulator.requests.filter((r) => r.path === '/SaveTimes.php').length;
    const wrong = await fillAsZoe('guess', '--free', '2026-12-01 09:00-10:00');
    expectOneLineError(
      wrong,
      /sign-in as "Zoë O'Brien" refused: "Wrong password\.", http:.*ProcessLogin\.php, use the password/,
    );
    expect(emulator.requests.filter((r) => r.path === '/SaveTimes.php').length).toBe(saves);
  });

  it('show prints a heat map and who is free when; --timezone shifts the clock', async () => {
    await w2m('fill', datesUrl, '--name', 'Bo', '--free', '2026-12-03 09:00-10:00');
    const shown = await w2m('show', datesUrl);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Planning');
    expect(shown.stdout).toContain('time zone America/Los_Angeles, 64 slots, 2 people');
    expect(shown.stdout).toMatch(/\n09:00 +· +█\n/); // Tue nobody, Thu everyone
    expect(shown.stdout).toContain("Zoë O'Brien: Thu 2026-12-03 09:00-09:30");
    expect(shown.stdout).toContain('Bo: Thu 2026-12-03 09:00-10:00');
    const shifted = await w2m('show', datesUrl, '--timezone', 'Europe/Berlin');
    expect(shifted.stdout).toContain('Bo: Thu 2026-12-03 18:00-19:00');
    expect(shifted.stdout).toContain('shown in Europe/Berlin');
  });

  it('best ranks times by head count', async () => {
    const best = await w2m('best', datesUrl, '--duration', '30m', '--min-people', '2');
    expect(best.code).toBe(0);
    expect(best.stdout.trim()).toBe("1. Thu 2026-12-03 09:00-09:30: 2/2 Zoë O'Brien, Bo");
    const json = JSON.parse((await w2m('best', datesUrl, '--duration', '1h', '--json')).stdout);
    expect(json[0]).toMatchObject({
      start: unix('2026-12-03T17:00:00Z'),
      end: unix('2026-12-03T18:00:00Z'),
      people: [{ name: 'Bo' }],
    });
  });

  it('fills from an .ics with a weekly recurrence across a DST change', async () => {
    const url = await create(
      '--name',
      'Mondays',
      '--dates',
      '2026-03-02,2026-03-09',
      '--from',
      '9',
      '--to',
      '12',
      '--timezone',
      'America/New_York',
    );
    const ics = join(dir, 'weekly.ics');
    writeFileSync(
      ics,
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//devlog//test//EN',
        'BEGIN:VEVENT',
        'UID:standup',
        'DTSTAMP:20260101T000000Z',
        'SUMMARY:Standup',
        'DTSTART;TZID=America/New_York:20260223T100000',
        'DTEND;TZID=America/New_York:20260223T110000',
        'RRULE:FREQ=WEEKLY;BYDAY=MO',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:allday',
        'DTSTAMP:20260101T000000Z',
        'DTSTART;VALUE=DATE:20260304',
        'DTEND;VALUE=DATE:20260305',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    const filled = await w2m('fill', url, '--name', 'Cal', '--ics', ics);
    expect(filled.code).toBe(0);
    const event = await showJson(url);
    // 10:00-11:00 New York is 15:00Z in winter (Mar 2) and 14:00Z after the change (Mar 9).
    const busy = new Set([
      ...quarterHours('2026-03-02T15:00:00Z', 4),
      ...quarterHours('2026-03-09T14:00:00Z', 4),
    ]);
    expect(event.slots).toHaveLength(24);
    expect(event.people[0]!.available).toEqual(event.slots.filter((t) => !busy.has(t)));
  });

  it('weekday events: create with --days, fill by weekday, read busy time from a chosen week', async () => {
    const url = await create(
      '--name',
      'Weekly',
      '--days',
      'mon,wed,fri',
      '--from',
      '09:00',
      '--to',
      '12:00',
      '--timezone',
      'UTC',
    );
    let event = await showJson(url);
    expect(event).toMatchObject({ kind: 'weekdays', timezone: null });
    expect(event.slots[0]).toBe(unix('1978-11-13T09:00:00Z'));
    await w2m('fill', url, '--name', 'Di', '--free', 'wed 10:00-11:00');
    event = await showJson(url);
    expect(event.people[0]!.available).toEqual(quarterHours('1978-11-15T10:00:00Z', 4));

    const ics = join(dir, 'week.ics');
    writeFileSync(
      ics,
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:w\r\nDTSTAMP:20260101T000000Z\r\n' +
        'DTSTART;TZID=Asia/Tokyo:20261202T090000\r\nDTEND;TZID=Asia/Tokyo:20261202T120000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    );
    const fromCal = await w2m(
      'fill',
      url,
      '--name',
      'Ed',
      '--ics',
      ics,
      '--week',
      '2026-12-01',
      '--timezone',
      'Asia/Tokyo',
    );
    expect(fromCal.code).toBe(0);
    event = await showJson(url);
    const ed = event.people.find((p) => p.name === 'Ed')!;
    expect(ed.available).toHaveLength(24); // all of Monday and Friday, none of Wednesday
    expect(
      ed.available.some((t) => t >= unix('1978-11-15T00:00:00Z') && t < unix('1978-11-16T00:00:00Z')),
    ).toBe(false);
  });

  it('uses WHEN2MEET_BASE_URL when no --base-url is given', async () => {
    const created = await run(['create', '--name', 'Env', '--dates', '2026-12-24', '--timezone', 'UTC'], {
      WHEN2MEET_BASE_URL: emulator.baseUrl,
    });
    expect(created.stdout.trim()).toMatch(new RegExp(`^${emulator.baseUrl}/\\?`));
  });

  it('a URL that is not an event page fails in one line', async () => {
    expectOneLineError(
      await w2m('show', `${emulator.baseUrl}/?999-nope`),
      /no time slots .*\?999-nope, check the event URL/,
    );
  });

  it('a network error fails in one line with the URL', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    expectOneLineError(
      await run(['show', `http://127.0.0.1:${port}/?1-abc`, '--retries', '1']),
      new RegExp(
        `GET http://127.0.0.1:${port}/\\?1-abc failed: network error \\(ECONNREFUSED\\) \\(2 attempts\\), check the network`,
      ),
    );
  });

  const posts = () => emulator.requests.filter((r) => r.method === 'POST').length;
  // Bad-input tests get their own event, made directly in the emulator, so they run alone too.
  let badUrl: string;
  beforeAll(() => {
    badUrl = emulator.eventUrl(
      emulator.createEvent({
        NewEventName: 'Bad input',
        DateTypes: 'SpecificDates',
        PossibleDates: '2026-12-01|2026-12-03',
        NoEarlierThan: '9',
        NoLaterThan: '17',
        TimeZone: 'America/Los_Angeles',
      }),
    );
  });

  it('bad --free ranges fail in one line before anything is posted', async () => {
    const before = posts();
    expectOneLineError(
      await w2m('fill', badUrl, '--name', 'X', '--free', '2026-12-01 11:00-10:00'),
      /--free: expected an end time after the start time/,
    );
    expectOneLineError(
      await w2m('fill', badUrl, '--name', 'X', '--free', '2026-12-09 09:00-10:00'),
      /--free: expected a range inside the event \(2026-12-01, 2026-12-03, 09:00-17:00\)/,
    );
    expectOneLineError(
      await w2m('fill', badUrl, '--name', 'X', '--free', 'someday'),
      /--free: expected a day and hours/,
    );
    expectOneLineError(
      await w2m('fill', badUrl, '--name', 'X'),
      /^when2meet: --free\/--ics: give exactly one of --free, --ics$/,
    );
    expect(posts()).toBe(before);
  });

  it('bad dates, zones and hours fail in one line before anything is posted', async () => {
    const before = posts();
    expectOneLineError(
      await w2m('create', '--name', 'Bad', '--dates', '2026-02-30', '--timezone', 'UTC'),
      /--dates: expected a real date as YYYY-MM-DD, got "2026-02-30"/,
    );
    expectOneLineError(
      await w2m('create', '--name', 'Bad', '--dates', '2026-02-03', '--timezone', 'Mars/Base'),
      /--timezone: expected an IANA time zone/,
    );
    expectOneLineError(
      await w2m('create', '--name', 'Bad', '--dates', '2026-02-03', '--from', '9:30'),
      /--from: expected a whole hour/,
    );
    expect(posts()).toBe(before);
  });

  it('a bad or missing .ics fails in one line before anything is posted', async () => {
    const before = posts();
    const badIcs = join(dir, 'bad.ics');
    writeFileSync(badIcs, 'this is not a calendar');
    expectOneLineError(
      await w2m('fill', badUrl, '--name', 'X', '--ics', badIcs),
      /bad\.ics: expected an iCalendar file/,
    );
    expectOneLineError(
      await w2m('fill', badUrl, '--name', 'X', '--ics', join(dir, 'missing.ics')),
      /missing\.ics: cannot read the calendar \(ENOENT\)/,
    );
    expect(posts()).toBe(before);
  });

  it('bad options and URLs fail in one line', async () => {
    expectOneLineError(
      await w2m('best', badUrl, '--duration', '20m'),
      /--duration: expected a length in 15-minute steps/,
    );
    expectOneLineError(await w2m('show', 'not-a-url'), /event URL: expected a When2Meet URL/);
    expectOneLineError(
      await w2m('--timeout', '0', 'show', badUrl),
      /^when2meet: --timeout: expected a whole number of milliseconds, 1 or more, got "0"$/,
    );
    expectOneLineError(
      await run(['--retries', 'two', 'show', badUrl]),
      /^when2meet: --retries: expected a whole number of retries, 0 or more, got "two"$/,
    );
    expectOneLineError(
      await w2m('best', badUrl, '--min-people', '1.5'),
      /^when2meet: --min-people: expected a whole number of people, 1 or more, got "1.5"$/,
    );
    expectOneLineError(
      await w2m('best', badUrl, '--limit', '0x10'),
      /^when2meet: --limit: expected a whole number, 1 or more, got "0x10"$/,
    );
  });
});
