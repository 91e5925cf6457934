import ICAL from 'ical.js';
import { InputError } from 'kit';
import { isValidTimeZone, zonedToUnix } from './time.ts';

// Busy time from an iCalendar file. ical.js parses and expands recurrences; it has no zone
// database, so an unregistered TZID leaves times floating, which is exactly the wall-clock
// iteration RRULE wants (a weekly 10:00 stays 10:00 across DST). Each occurrence's wall clock is
// then turned into an instant with Intl. A TZID Intl does not know (e.g. "Pacific Standard Time")
// falls back to the file's own VTIMEZONE through ical.js.

export interface BusyInterval {
  /** Unix seconds, start inclusive, end exclusive. */
  start: number;
  end: number;
  summary: string;
}

export interface IcsOptions {
  /** File name for error messages. */
  source: string;
  /** Zone for floating times and all-day events: the event's zone. */
  timeZone: string;
  /** Only occurrences overlapping [start, end) (unix s) are returned. */
  window: { start: number; end: number };
}

const MAX_OCCURRENCES = 100_000;

type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalComponent = InstanceType<typeof ICAL.Component>;

function parseCalendar(text: string, source: string): IcalComponent {
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError({ file: source }, `expected an iCalendar file (BEGIN:VCALENDAR ...), ${reason}`);
  }
  const roots = (
    Array.isArray(jcal) && typeof jcal[0] === 'string' ? [jcal] : (jcal as unknown[])
  ) as unknown[];
  const calendar = roots.map((root) => new ICAL.Component(root as never)).find((c) => c.name === 'vcalendar');
  if (!calendar) throw new InputError({ file: source }, 'expected a VCALENDAR component, found none');
  return calendar;
}

function toUnix(time: IcalTime, tzid: string | undefined, options: IcsOptions, field: string): number {
  const clock = {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.hour,
    minute: time.minute,
    second: time.second,
  };
  if (time.isDate) return zonedToUnix({ ...clock, hour: 0, minute: 0, second: 0 }, options.timeZone);
  if (time.zone?.tzid === 'UTC') return time.toUnixTime();
  if (tzid) {
    if (isValidTimeZone(tzid)) return zonedToUnix(clock, tzid);
    if (time.zone && time.zone.tzid === tzid && time.zone.component) return time.toUnixTime();
    throw InputError.expected(
      { file: options.source, field },
      'an IANA time zone (e.g. Europe/Berlin) or a TZID with a VTIMEZONE in the file',
      tzid,
    );
  }
  return zonedToUnix(clock, options.timeZone);
}

function tzidOf(component: IcalComponent, property: string): string | undefined {
  const value = component.getFirstProperty(property)?.getParameter('tzid');
  return typeof value === 'string' ? value : undefined;
}

function isBusy(component: IcalComponent): boolean {
  const status = String(component.getFirstPropertyValue('status') ?? '').toUpperCase();
  const transparency = String(component.getFirstPropertyValue('transp') ?? '').toUpperCase();
  return status !== 'CANCELLED' && transparency !== 'TRANSPARENT';
}

/** Busy intervals of every VEVENT (recurrences expanded, overrides applied) within the window. */
export function busyIntervalsFromIcs(text: string, options: IcsOptions): BusyInterval[] {
  const calendar = parseCalendar(text, options.source);
  const vevents = calendar.getAllSubcomponents('vevent');
  const exceptions = new Map<string, IcalComponent[]>();
  const masters: IcalComponent[] = [];
  for (const vevent of vevents) {
    if (!vevent.getFirstProperty('dtstart')) {
      const uid = String(vevent.getFirstPropertyValue('uid') ?? 'an event without UID');
      throw InputError.expected({ file: options.source, field: `VEVENT ${uid}` }, 'a DTSTART', undefined);
    }
    if (vevent.hasProperty('recurrence-id')) {
      const uid = String(vevent.getFirstPropertyValue('uid'));
      exceptions.set(uid, [...(exceptions.get(uid) ?? []), vevent]);
    } else {
      masters.push(vevent);
    }
  }

  const busy: BusyInterval[] = [];
  const { start: windowStart, end: windowEnd } = options.window;
  for (const master of masters) {
    let event: InstanceType<typeof ICAL.Event>;
    try {
      event = new ICAL.Event(master);
      for (const exception of exceptions.get(event.uid) ?? []) event.relateException(exception);
    } catch (error) {
      throw new InputError(
        { file: options.source, field: `VEVENT ${master.getFirstPropertyValue('uid')}` },
        String(error),
      );
    }
    const add = (item: InstanceType<typeof ICAL.Event>, startTime: IcalTime, endTime: IcalTime) => {
      if (!isBusy(item.component)) return;
      const field = `VEVENT ${item.uid ?? ''}`.trim();
      const startTzid = tzidOf(item.component, 'dtstart');
      const start = toUnix(startTime, startTzid, options, field);
      let end = toUnix(endTime, tzidOf(item.component, 'dtend') ?? startTzid, options, field);
      if (end <= start && startTime.isDate) {
        const next = startTime.clone();
        next.day += 1;
        end = toUnix(next, startTzid, options, field);
      }
      if (end > windowStart && start < windowEnd) busy.push({ start, end, summary: item.summary ?? '' });
    };

    if (!event.isRecurring()) {
      add(event, event.startDate, event.endDate);
      continue;
    }
    const iterator = event.iterator();
    for (let n = 0; n < MAX_OCCURRENCES; n++) {
      const occurrence = iterator.next();
      if (!occurrence) break;
      const details = event.getOccurrenceDetails(occurrence);
      const startTzid = tzidOf(details.item.component, 'dtstart');
      if (toUnix(occurrence, startTzid, options, 'RRULE') >= windowEnd + 86_400) break;
      add(details.item, details.startDate, details.endDate);
    }
  }
  return busy.sort((a, b) => a.start - b.start);
}
