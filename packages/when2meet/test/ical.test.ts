import { describe, expect, it } from 'vitest';
import { busyIntervalsFromIcs, type IcsOptions } from '../src/ical.ts';

const unix = (iso: string) => Date.parse(iso) / 1000;

function calendar(...events: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//devlog//test//EN',
    ...events,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

function vevent(uid: string, ...lines: string[]): string {
  return ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'].join('\r\n');
}

const march: IcsOptions = {
  source: 'cal.ics',
  timeZone: 'America/New_York',
  window: { start: unix('2026-03-01T00:00:00Z'), end: unix('2026-04-01T00:00:00Z') },
};

const iso = (intervals: { start: number; end: number }[]) =>
  intervals.map(
    ({ start, end }) => `${new Date(start * 1000).toISOString()}/${new Date(end * 1000).toISOString()}`,
  );

describe('busyIntervalsFromIcs', () => {
  it('expands a weekly TZID event without VTIMEZONE across the DST change at the same wall clock', () => {
    const text = calendar(
      vevent(
        'weekly',
        'SUMMARY:Standup',
        'DTSTART;TZID=America/New_York:20260302T100000',
        'DTEND;TZID=America/New_York:20260302T110000',
        'RRULE:FREQ=WEEKLY;COUNT=4',
      ),
    );
    expect(iso(busyIntervalsFromIcs(text, march))).toEqual([
      '2026-03-02T15:00:00.000Z/2026-03-02T16:00:00.000Z', // EST
      '2026-03-09T14:00:00.000Z/2026-03-09T15:00:00.000Z', // EDT from 2026-03-08
      '2026-03-16T14:00:00.000Z/2026-03-16T15:00:00.000Z',
      '2026-03-23T14:00:00.000Z/2026-03-23T15:00:00.000Z',
    ]);
  });

  it('places all-day, UTC and floating events; skips transparent and cancelled ones', () => {
    const text = calendar(
      vevent('allday', 'DTSTART;VALUE=DATE:20260304', 'DTEND;VALUE=DATE:20260306'),
      vevent('utc', 'DTSTART:20260310T120000Z', 'DURATION:PT30M'),
      vevent('floating', 'DTSTART:20260311T090000', 'DTEND:20260311T093000'),
      vevent('free', 'DTSTART:20260312T090000Z', 'DTEND:20260312T100000Z', 'TRANSP:TRANSPARENT'),
      vevent('cancelled', 'DTSTART:20260313T090000Z', 'DTEND:20260313T100000Z', 'STATUS:CANCELLED'),
    );
    expect(iso(busyIntervalsFromIcs(text, march))).toEqual([
      '2026-03-04T05:00:00.000Z/2026-03-06T05:00:00.000Z',
      '2026-03-10T12:00:00.000Z/2026-03-10T12:30:00.000Z',
      '2026-03-11T13:00:00.000Z/2026-03-11T13:30:00.000Z',
    ]);
  });

  it('applies EXDATE and a moved occurrence (RECURRENCE-ID), and stops an endless rule at the window', () => {
    const text = calendar(
      vevent(
        'daily',
        'DTSTART;TZID=Europe/Berlin:20260327T090000',
        'DTEND;TZID=Europe/Berlin:20260327T093000',
        'RRULE:FREQ=DAILY',
        'EXDATE;TZID=Europe/Berlin:20260328T090000',
      ),
      vevent(
        'daily',
        'RECURRENCE-ID;TZID=Europe/Berlin:20260330T090000',
        'DTSTART;TZID=Europe/Berlin:20260330T150000',
        'DTEND;TZID=Europe/Berlin:20260330T160000',
      ),
    );
    const busy = busyIntervalsFromIcs(text, march);
    expect(iso(busy)).toEqual([
      '2026-03-27T08:00:00.000Z/2026-03-27T08:30:00.000Z', // CET
      '2026-03-29T07:00:00.000Z/2026-03-29T07:30:00.000Z', // CEST from 2026-03-29
      '2026-03-30T13:00:00.000Z/2026-03-30T14:00:00.000Z', // moved
      '2026-03-31T07:00:00.000Z/2026-03-31T07:30:00.000Z',
    ]);
  });

  it('uses the file VTIMEZONE for a TZID that is not an IANA name', () => {
    const vtimezone = [
      'BEGIN:VTIMEZONE',
      'TZID:W. Europe Standard Time',
      'BEGIN:STANDARD',
      'DTSTART:16010101T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:16010101T020000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
    ].join('\r\n');
    const text = calendar(
      vtimezone,
      vevent(
        'win',
        'DTSTART;TZID=W. Europe Standard Time:20260320T100000',
        'DTEND;TZID=W. Europe Standard Time:20260320T110000',
      ),
    );
    expect(iso(busyIntervalsFromIcs(text, march))).toEqual([
      '2026-03-20T09:00:00.000Z/2026-03-20T10:00:00.000Z',
    ]);
  });

  it('reports bad input with the file name', () => {
    expect(() => busyIntervalsFromIcs('hello', march)).toThrow(/^cal\.ics: expected an iCalendar file/);
    const unknownZone = calendar(
      vevent('z', 'DTSTART;TZID=Nowhere/Special:20260320T100000', 'DURATION:PT1H'),
    );
    expect(() => busyIntervalsFromIcs(unknownZone, march)).toThrow(
      /cal\.ics: VEVENT z: expected an IANA time zone .* got "Nowhere\/Special"/,
    );
    expect(() => busyIntervalsFromIcs(calendar(vevent('nostart', 'SUMMARY:x')), march)).toThrow(
      /VEVENT nostart: expected a DTSTART/,
    );
  });
});
