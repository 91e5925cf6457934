import { InputError } from 'kit';
import { z } from 'zod';
import { bestMeetingTimes } from '../best.ts';
import { displayZone, spanLabel, timeLabel } from '../format.ts';
import type { PagePerson } from '../protocol/page.ts';
import { durationField, eventUrlField, positiveCountField, timeZoneField } from './fields.ts';
import type { Operation } from './operation.ts';
import { loadEvent } from './read.ts';

const names = (what: string) =>
  z.array(z.string().trim().min(1), { error: `a list of names ${what}` }).optional();

const input = z.strictObject({
  url: eventUrlField,
  duration: durationField.default(60).describe('Meeting length: 30m, 1h, 1h30m, or minutes. Default 1h.'),
  minPeople: positiveCountField('a whole number of people, 1 or more')
    .default(1)
    .describe('Only times at least this many people can make. Default 1.'),
  limit: positiveCountField('a positive whole number').default(10).describe('At most this many. Default 10.'),
  require: names('who must be free').describe('Names that must be free for the whole meeting.'),
  exclude: names('to leave out').describe('Names to ignore, as if they had not answered.'),
  timezone: timeZoneField.optional().describe("Readable times in this IANA zone instead of the event's."),
});

const option = z.object({
  /** Unix seconds: the window opens, the last start that still fits, the window closes. */
  start: z.number(),
  latestStart: z.number(),
  end: z.number(),
  /** `Thu 2026-12-03 09:00-10:30 (start 09:00-09:30)` in `shownIn`. */
  label: z.string(),
  people: z.array(z.object({ id: z.number(), name: z.string() })),
});

const output = z.object({
  url: z.string(),
  name: z.string(),
  durationMinutes: z.number(),
  /** How many people have answered (after `exclude`). */
  answered: z.number(),
  shownIn: z.string().nullable(),
  options: z.array(option),
});

function pick(people: PagePerson[], wanted: string[] | undefined, field: string): PagePerson[] {
  return (wanted ?? []).map((name) => {
    const found = people.find((p) => p.name.trim().toLowerCase() === name.toLowerCase());
    if (!found) {
      const known = people.map((p) => JSON.stringify(p.name)).join(', ') || 'nobody yet';
      throw InputError.expected({ field }, `a name on the poll (${known})`, name);
    }
    return found;
  });
}

export const bestTimesOperation: Operation<typeof input, z.output<typeof output>> = {
  name: 'when2meet_best_times',
  title: 'Find the best meeting times',
  description:
    'Rank the meeting times of a When2Meet poll by how many people can come for the whole meeting, ' +
    'then by how long the window is. Consecutive start times with the same people merge into one window. ' +
    'Changes nothing.',
  effect: 'read',
  input,
  output,
  async run(request, context) {
    const event = await loadEvent(request, context);
    const excluded = new Set(pick(event.people, request.exclude, context.field('exclude')).map((p) => p.id));
    const people = event.people.filter((p) => !excluded.has(p.id));
    const required = pick(people, request.require, context.field('require')).map((p) => p.id);
    const ranked = bestMeetingTimes(
      { ...event, people },
      { durationMinutes: request.duration, minPeople: request.minPeople },
    ).filter((o) => required.every((id) => o.people.some((p) => p.id === id)));
    const zone = displayZone(event, request.timezone);
    return {
      url: event.url,
      name: event.name,
      durationMinutes: request.duration,
      answered: people.length,
      shownIn: zone,
      options: ranked.slice(0, request.limit).map((o) => ({
        ...o,
        label:
          spanLabel(o.start, o.end, zone) +
          (o.latestStart > o.start
            ? ` (start ${timeLabel(o.start, zone)}-${timeLabel(o.latestStart, zone)})`
            : ''),
      })),
    };
  },
};
