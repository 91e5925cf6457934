import { When2MeetProtocolError } from '../errors.ts';
import { decodeHtmlEntities, decodePageName } from './decode.ts';

export type EventKind = 'dates' | 'weekdays';

export interface PagePerson {
  id: number;
  name: string;
  /** Indexes into `slots` where this person is available, ascending. */
  available: number[];
}

/** Everything an event page tells us. Slot timestamps are the page's own, in page order. */
export interface EventPage {
  /** From the page's own scripts when present (full pages), else undefined. */
  id: number | undefined;
  code: string | undefined;
  name: string;
  /** IANA zone of a specific-dates event; null for weekday events, which have none. */
  timezone: string | null;
  kind: EventKind;
  slots: number[];
  people: PagePerson[];
}

// Weekday events use placeholder timestamps in the week of Sunday 1978-11-12 (UTC wall clock).
export const PLACEHOLDER_WEEK_START = Date.UTC(1978, 10, 12) / 1000;
export const PLACEHOLDER_WEEK_END = PLACEHOLDER_WEEK_START + 7 * 86_400;

const SLOT = /TimeOfSlot\[(\d+)\]\s*=\s*(\d+)\s*;/g;
const PERSON = /PeopleNames\[(\d+)\]\s*=\s*'((?:[^'\\]|\\[\s\S])*)'\s*;\s*PeopleIDs\[\1\]\s*=\s*(\d+)\s*;/g;
const AVAILABLE = /AvailableAtSlot\[(\d+)\]\.push\((\d+)\)/g;
const ZONE = /(?:timezone|select\.value)\s*!=\s*["']([^"']+)["']/;
const NAME_DIV = /<div id="NewEventNameDiv"[^>]*>([\s\S]*?)<br>/i;
const TITLE = /<title>([\s\S]*?)(?:\s+-\s+When2meet)?\s*<\/title>/i;
const PAGE_ID = /(?:id=|append\('id',\s*')(\d+)(?:&code=|'\);\s*params\.append\('code',\s*')([A-Za-z0-9]+)/;

/**
 * Parse an event page (2021 and current formats). `source` (URL or file) goes into errors.
 * Throws When2MeetProtocolError when the page has no slots: that is not an event page.
 */
export function parseEventPage(html: string, source: string): EventPage {
  const slots: number[] = [];
  for (const match of html.matchAll(SLOT)) {
    const index = Number(match[1]);
    if (index !== slots.length) {
      throw new When2MeetProtocolError(
        source,
        `event page lists TimeOfSlot[${index}] where TimeOfSlot[${slots.length}] was expected`,
        'the page format may have changed; please report it',
      );
    }
    slots.push(Number(match[2]));
  }
  if (slots.length === 0) {
    throw new When2MeetProtocolError(
      source,
      'no time slots on the page (TimeOfSlot missing), so it is not a When2Meet event page',
      'check the event URL (it looks like https://www.when2meet.com/?123-AbCdE) and --base-url',
    );
  }

  // Current pages print the people block twice (page script and AvailabilityGrids): dedupe by id.
  const people: PagePerson[] = [];
  const byId = new Map<number, PagePerson>();
  for (const match of html.matchAll(PERSON)) {
    const id = Number(match[3]);
    if (byId.has(id)) continue;
    const person: PagePerson = { id, name: decodePageName(match[2]!), available: [] };
    byId.set(id, person);
    people.push(person);
  }
  const seen = new Map<number, Set<number>>();
  for (const match of html.matchAll(AVAILABLE)) {
    const slot = Number(match[1]);
    const id = Number(match[2]);
    const person = byId.get(id);
    if (!person || slot >= slots.length) continue;
    const set = seen.get(id) ?? new Set<number>();
    set.add(slot);
    seen.set(id, set);
  }
  for (const person of people) {
    person.available = [...(seen.get(person.id) ?? [])].sort((a, b) => a - b);
  }

  const kind: EventKind = slots.every((t) => t >= PLACEHOLDER_WEEK_START && t < PLACEHOLDER_WEEK_END)
    ? 'weekdays'
    : 'dates';
  const zone = kind === 'dates' ? (ZONE.exec(html)?.[1] ?? null) : null;
  const rawName = NAME_DIV.exec(html)?.[1] ?? TITLE.exec(html)?.[1] ?? '';
  const pageId = PAGE_ID.exec(html);

  return {
    id: pageId ? Number(pageId[1]) : undefined,
    code: pageId ? pageId[2] : undefined,
    name: decodeHtmlEntities(rawName.replace(/<[^>]*>/g, '').trim()),
    timezone: zone,
    kind,
    slots,
    people,
  };
}
