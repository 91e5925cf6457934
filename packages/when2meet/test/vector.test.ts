import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from 'kit';
import { itUnless, sharedMissing } from 'kit/testing';
import { describe, expect, it } from 'vitest';
import { VectorLengthError } from '../src/errors.ts';
import { parseFreeRange, vectorFromFreeRanges } from '../src/free.ts';
import { createEventForm, saveTimesForm } from '../src/protocol/forms.ts';
import { type EventPage, parseEventPage } from '../src/protocol/page.ts';
import { countAvailable, unionVectors, vectorFromIndexes } from '../src/protocol/vector.ts';
import { renderPage, When2MeetEmulator } from './emulator.ts';

/** An event built by the emulator's own slot logic, parsed back from its page. */
function emulatedPage(fields: Record<string, string>): EventPage {
  const emulator = new When2MeetEmulator();
  return parseEventPage(renderPage(emulator.createEvent(fields)), 'emulator');
}

const shared = sharedPath('fixtures', 'when2meet');

describe('SaveTimes form', () => {
  const slots = [100, 1000, 1900, 2800];

  it('sends every slot and a full-length availability string', () => {
    const form = saveTimesForm({
      personId: 7,
      eventId: 9,
      slots,
      vector: vectorFromIndexes(4, [1, 3]),
      password: 'pw',
    });
    expect(Object.fromEntries(form)).toEqual({
      person: '7',
      event: '9',
      slots: '100,1000,1900,2800',
      availability: '0101',
      password: 'pw',
      ChangeToAvailable: 'true',
    });
  });

  it('refuses a vector shorter or longer than the event', () => {
    for (const length of [3, 5, 0]) {
      expect(() =>
        saveTimesForm({ personId: 1, eventId: 1, slots, vector: new Uint8Array(length), password: '' }),
      ).toThrow(VectorLengthError);
    }
    expect(() => unionVectors(new Uint8Array(4), new Uint8Array(3))).toThrow(
      /3 entries but the event has 4 slots/,
    );
  });
});

describe('create form', () => {
  it('encodes dates, hours and zone as SaveNewEvent.php expects', () => {
    const form = createEventForm({
      name: 'Sync',
      dates: ['2026-12-03', '2026-12-01'],
      earliestHour: 9,
      latestHour: 24,
      timezone: 'America/Los_Angeles',
    });
    expect(Object.fromEntries(form)).toEqual({
      NewEventName: 'Sync',
      DateTypes: 'SpecificDates',
      PossibleDates: '2026-12-01|2026-12-03',
      NoEarlierThan: '9',
      NoLaterThan: '0',
      TimeZone: 'America/Los_Angeles',
    });
    const days = createEventForm({
      name: 'W',
      weekdays: [5, 1, 3],
      earliestHour: 9,
      latestHour: 12,
      timezone: 'UTC',
    });
    expect(days.get('DateTypes')).toBe('DaysOfTheWeek');
    expect(days.get('PossibleDates')).toBe('1|3|5');
  });

  it('rejects impossible dates and hours', () => {
    const base = { name: 'x', earliestHour: 9, latestHour: 17, timezone: 'UTC' };
    expect(() => createEventForm({ ...base, dates: ['2026-02-30'] })).toThrow(
      /dates\.0: expected dates as YYYY-MM-DD/,
    );
    expect(() => createEventForm({ ...base, dates: ['2026-02-03'], latestHour: 9 })).toThrow(
      /end hour after/,
    );
  });
});

describe('free ranges -> full vector', () => {
  it('parses and rejects ranges with one-line messages', () => {
    expect(parseFreeRange('2026-12-01 09:00-11:30')).toMatchObject({
      date: '2026-12-01',
      fromMinute: 540,
      toMinute: 690,
    });
    expect(parseFreeRange('Wednesday 9:00-24:00')).toMatchObject({
      weekday: 3,
      fromMinute: 540,
      toMinute: 1440,
    });
    expect(() => parseFreeRange('2026-12-01 11:00-09:00')).toThrow(
      '--free: expected an end time after the start time',
    );
    expect(() => parseFreeRange('2026-13-01 09:00-10:00')).toThrow(/a real calendar date/);
    expect(() => parseFreeRange('tomorrow 9-10')).toThrow(/--free: expected a day and hours/);
    expect(() => parseFreeRange('2026-12-01 09:00-25:00')).toThrow(/between 00:00 and 24:00/);
  });

  it('marks exactly the slots inside the range, in the event zone', () => {
    const page = emulatedPage({
      NewEventName: 'e',
      DateTypes: 'SpecificDates',
      PossibleDates: '2026-12-01|2026-12-02',
      NoEarlierThan: '9',
      NoLaterThan: '17',
      TimeZone: 'America/Los_Angeles',
    });
    expect(page.slots).toHaveLength(64);
    const vector = vectorFromFreeRanges(page, [
      parseFreeRange('2026-12-02 09:00-11:30'),
      parseFreeRange('2026-12-01 16:45-17:00'),
    ]);
    expect(vector).toHaveLength(64);
    const on = [...vector.keys()].filter((i) => vector[i]);
    expect(on).toEqual([31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41]);
    // A range that holds no whole slot is a mistake, not an empty wish.
    expect(() => vectorFromFreeRanges(page, [parseFreeRange('2026-12-01 16:50-17:00')])).toThrow(
      /inside the event/,
    );
    expect(() => vectorFromFreeRanges(page, [parseFreeRange('2026-12-05 09:00-10:00')])).toThrow(
      /--free: expected a range inside the event \(2026-12-01, 2026-12-02, 09:00-17:00\), got "2026-12-05 09:00-10:00"/,
    );
  });

  it('maps weekday events by weekday and wall clock', () => {
    const page = emulatedPage({
      NewEventName: 'w',
      DateTypes: 'DaysOfTheWeek',
      PossibleDates: '1|3|5',
      NoEarlierThan: '9',
      NoLaterThan: '12',
      TimeZone: 'UTC',
    });
    expect(page.kind).toBe('weekdays');
    const vector = vectorFromFreeRanges(page, [
      parseFreeRange('wed 10:00-11:00'),
      parseFreeRange('2026-12-04 09:00-09:30'),
    ]);
    // Wednesday is the second column (slots 12-23); 2026-12-04 is a Friday (slots 24-35).
    expect([...vector.keys()].filter((i) => vector[i])).toEqual([16, 17, 18, 19, 24, 25]);
  });

  itUnless(
    sharedMissing('fixtures', 'when2meet'),
    'counts the short DST day of the shared all-day page',
    () => {
      const page = parseEventPage(
        readFileSync(join(shared!, 'event-2021-dst-spanning-fullday_11306697-cJogI.html'), 'utf8'),
        'dst',
      );
      const dstDay = vectorFromFreeRanges(page, [parseFreeRange('2021-03-14 00:00-24:00')]);
      expect(countAvailable(dstDay)).toBe(92);
      expect(dstDay.slice(0, 92).every((bit) => bit === 1)).toBe(true);
      const nextDay = vectorFromFreeRanges(page, [parseFreeRange('2021-03-15 00:00-24:00')]);
      expect([...nextDay.keys()].filter((i) => nextDay[i])).toEqual(
        Array.from({ length: 96 }, (_, i) => 92 + i),
      );
    },
  );

  it('builds the short DST day on its own too', () => {
    const page = emulatedPage({
      NewEventName: 'dst',
      DateTypes: 'SpecificDates',
      PossibleDates: '2026-03-08|2026-03-09',
      NoEarlierThan: '0',
      NoLaterThan: '0',
      TimeZone: 'America/New_York',
    });
    expect(page.slots).toHaveLength(92 + 96);
    const vector = vectorFromFreeRanges(page, [parseFreeRange('2026-03-09 00:00-01:00')]);
    expect([...vector.keys()].filter((i) => vector[i])).toEqual([92, 93, 94, 95]);
  });
});
