import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from 'kit';
import { describeUnless, sharedMissing } from 'kit/testing';
import { describe, expect, it } from 'vitest';
import { When2MeetProtocolError } from '../src/errors.ts';
import { decodePageName } from '../src/protocol/decode.ts';
import { parseEventRef } from '../src/protocol/event-ref.ts';
import { type EventPage, parseEventPage } from '../src/protocol/page.ts';
import { parseCreateRedirect } from '../src/protocol/redirect.ts';
import { renderPage } from './emulator.ts';

const shared = sharedPath('fixtures', 'when2meet');

/** Bits of a `// hexAvailability:` comment, left-padded to the slot count (leading zeros are stripped). */
function hexBits(hex: string, slots: number): string {
  const bits = [...hex].map((c) => Number.parseInt(c, 16).toString(2).padStart(4, '0')).join('');
  return bits.length >= slots ? bits.slice(0, slots) : bits.padStart(slots, '0');
}

function availabilityBits(page: EventPage, personIndex: number): string {
  const set = new Set(page.people[personIndex]!.available);
  return page.slots.map((_, i) => (set.has(i) ? '1' : '0')).join('');
}

function gaps(slots: number[]): Set<number> {
  return new Set(slots.slice(1).map((t, i) => t - slots[i]!));
}

describeUnless(sharedMissing('fixtures', 'when2meet'), 'parseEventPage on the shared real pages', () => {
  const load = (file: string) => {
    const html = readFileSync(join(shared!, file), 'utf8');
    return { html, page: parseEventPage(html, file) };
  };

  it('2021 specific dates, two people, one without availability', () => {
    const { html, page } = load('event-2021-specific-dates-2people_11291473-Omcsh.html');
    expect(page).toMatchObject({
      id: 11291473,
      code: 'Omcsh',
      name: 'test zero',
      timezone: 'America/New_York',
      kind: 'dates',
    });
    expect(page.slots).toHaveLength(224);
    expect(page.people.map((p) => [p.name, p.id])).toEqual([
      ['asdf', 49036441],
      ['Ben', 49074572],
    ]);
    expect(page.people[0]!.available).toEqual([]);
    expect(page.people[1]!.available).toHaveLength(108);
    // The page's own hex summary agrees with the AvailableAtSlot pushes, slot by slot.
    const hexes = [...html.matchAll(/hexAvailability: ([0-9a-f]+)/g)].map((m) => m[1]!);
    expect(availabilityBits(page, 0)).toBe(hexBits(hexes[0]!, 224));
    expect(availabilityBits(page, 1)).toBe(hexBits(hexes[1]!, 224));
  });

  it('2021 specific dates, one person', () => {
    const { page } = load('event-2021-specific-dates-1person_11306717-qg8IL.html');
    expect(page).toMatchObject({ name: 'test 1', timezone: 'America/New_York', kind: 'dates' });
    expect(page.slots).toHaveLength(192);
    expect(page.people).toHaveLength(1);
    expect(page.people[0]).toMatchObject({ id: 49092281, name: 'Ben' });
    expect(page.people[0]!.available).toHaveLength(125);
  });

  it('2021 days of the week: placeholder week of 1978-11-12, no time zone', () => {
    const { page } = load('event-2021-days-of-week_11306690-JsoDS.html');
    expect(page).toMatchObject({ name: 'test 2', timezone: null, kind: 'weekdays' });
    expect(page.slots).toHaveLength(224);
    expect(page.slots[0]).toBe(279709200); // Sun 1978-11-12 09:00 UTC
    expect(page.people.map((p) => p.id)).toEqual([49092167]);
  });

  it('2021 all-day event across the US DST start: 4 fewer slots, every gap 900 s', () => {
    const { page } = load('event-2021-dst-spanning-fullday_11306697-cJogI.html');
    expect(page).toMatchObject({ name: 'Test 4', timezone: 'America/New_York', kind: 'dates' });
    expect(page.slots).toHaveLength(14 * 96 - 4);
    expect(gaps(page.slots)).toEqual(new Set([900]));
    expect(page.people).toHaveLength(1);
    expect(page.people[0]!.available).toEqual([]);
  });

  it('current format, two people, short hex comments ignored', () => {
    const { page } = load('excerpt-modern-specific-dates-2people_38390901-GqoiQ.html');
    expect(page).toMatchObject({ name: 'MCP test 0907', timezone: 'Asia/Shanghai', kind: 'dates' });
    expect(page.slots).toHaveLength(72);
    // The people block appears twice on the page; each person once here.
    expect(page.people.map((p) => [p.name, p.id, p.available])).toEqual([
      ['Alice', 152004592, [68, 69, 70, 71]],
      ['Bob', 152004593, [67, 68, 69, 70, 71]],
    ]);
  });

  it('current format, days of the week, nobody yet', () => {
    const { page } = load('excerpt-modern-days-of-week-nobody_38391176-ynulD.html');
    expect(page).toMatchObject({ name: 'dow test', timezone: null, kind: 'weekdays', people: [] });
    expect(page.slots).toHaveLength(36);
    expect(page.slots[0]).toBe(279795600); // Mon 1978-11-13 09:00 UTC
  });
});

describe('parseEventPage on our own pages', () => {
  it('reads the 2021 format: page id and code, decoded names and title', () => {
    const html = readFileSync(new URL('./fixtures/old-format-small.html', import.meta.url), 'utf8');
    const page = parseEventPage(html, 'old-format-small.html');
    expect(page).toMatchObject({
      id: 555,
      code: 'OldFm',
      name: 'Old & small',
      timezone: 'America/New_York',
      kind: 'dates',
    });
    expect(page.people).toEqual([
      { id: 7001, name: 'Ann \\ Lee', available: [0] },
      { id: 7002, name: 'Jo & Co', available: [4, 5] },
    ]);
  });

  it('round-trips awkward names through the emulator page (addslashes + HTML escaping)', () => {
    const names = ["Zoë O'Brien", '王小明', 'a "quoted" <b>name</b> & co', 'back\\slash'];
    const html = renderPage({
      id: 12,
      code: 'AbC',
      name: 'Tom & Jerry\'s "sync"',
      kind: 'dates',
      timezone: 'Europe/Berlin',
      slots: [1800000000, 1800000900, 1800001800],
      people: names.map((name, i) => ({ id: 100 + i, name, password: '', available: new Set([i % 3]) })),
    });
    expect(html).toContain('Zoë O\\&#039;Brien');
    const page = parseEventPage(html, 'emulator');
    expect(page.name).toBe('Tom & Jerry\'s "sync"');
    expect(page.people.map((p) => p.name)).toEqual(names);
    expect(page.people.map((p) => p.available)).toEqual([[0], [1], [2], [0]]);
    expect(page).toMatchObject({ id: 12, code: 'AbC', timezone: 'Europe/Berlin', kind: 'dates' });
  });

  it('refuses a page without slots, saying which URL and what to check', () => {
    const call = () => parseEventPage('<html><title>When2meet</title></html>', 'http://127.0.0.1:1/?1-abc');
    expect(call).toThrow(When2MeetProtocolError);
    expect(call).toThrow(/no time slots.*http:\/\/127\.0\.0\.1:1\/\?1-abc.*check the event URL/);
  });

  it('decodes names the way the browser does', () => {
    expect(decodePageName('O\\&#039;Brien')).toBe("O'Brien");
    expect(decodePageName('a\\\\b &lt;x&gt; &#x263A; &amp;amp;')).toBe('a\\b <x> \u263a &amp;');
  });
});

describe('event URLs and the create redirect', () => {
  it('accepts full URLs, queries and bare refs', () => {
    expect(parseEventRef('https://www.when2meet.com/?38390901-GqoiQ')).toEqual({
      id: 38390901,
      code: 'GqoiQ',
      origin: 'https://www.when2meet.com',
    });
    expect(parseEventRef('?1-a')).toEqual({ id: 1, code: 'a' });
    expect(parseEventRef('12-Xy')).toEqual({ id: 12, code: 'Xy' });
    expect(() => parseEventRef('https://www.when2meet.com/')).toThrow(/event URL: expected a When2Meet URL/);
  });

  it('reads the current and the older redirect script', () => {
    expect(parseCreateRedirect("<script>window.location='./?38390901-GqoiQ';</script>", 'u')).toEqual({
      id: 38390901,
      code: 'GqoiQ',
    });
    expect(parseCreateRedirect("<script>window.location='/?11291473-Omcsh';</script>", 'u')).toEqual({
      id: 11291473,
      code: 'Omcsh',
    });
    expect(() => parseCreateRedirect('<p>Error: bad dates</p>', 'http://x/SaveNewEvent.php')).toThrow(
      /no redirect.*"<p>Error: bad dates<\/p>".*SaveNewEvent\.php/,
    );
  });
});
