import type { Command } from 'commander';
import type { LoadedEvent } from '../client.ts';
import { clientFor, eventArgument, globalsOf, timeZoneOption } from './common.ts';
import { displayZone, runsOf, spanLabel } from './format.ts';
import { renderHeatmap } from './heatmap.ts';

interface ShowOptions {
  json?: boolean;
  timezone?: string;
}

/** The one JSON object `show --json` prints; slots exactly as the page gives them. */
export function eventJson(event: LoadedEvent) {
  return {
    id: event.id,
    code: event.code,
    name: event.name,
    timezone: event.timezone,
    kind: event.kind,
    slots: event.slots,
    people: event.people.map((person) => ({
      id: person.id,
      name: person.name,
      available: person.available.map((index) => event.slots[index]!),
    })),
  };
}

export function renderEvent(event: LoadedEvent, zone: string | null): string {
  const where = event.kind === 'weekdays' ? 'days of the week' : `time zone ${event.timezone ?? 'unknown'}`;
  const shownIn = zone && zone !== event.timezone ? `, shown in ${zone}` : '';
  const lines = [
    `${event.name} (${event.url})`,
    `${where}${shownIn}, ${event.slots.length} slots, ${event.people.length} ${event.people.length === 1 ? 'person' : 'people'}`,
    '',
    renderHeatmap(event, zone),
    '',
  ];
  for (const person of event.people) {
    const runs = runsOf(event.slots, person.available).map(([start, end]) => spanLabel(start, end, zone));
    lines.push(`${person.name}: ${runs.length > 0 ? runs.join(', ') : 'no times yet'}`);
  }
  if (event.people.length === 0) lines.push('Nobody has filled in availability yet.');
  return lines.join('\n');
}

export function registerShowCommand(program: Command): void {
  program
    .command('show')
    .description('Show an event: time zone, slot grid, people and who is free when.')
    .argument('<url>', 'event URL, e.g. https://www.when2meet.com/?123-AbCdE')
    .option('--json', 'print one JSON object instead')
    .option('--timezone <iana>', "show times in this zone instead of the event's")
    .action(async (url: string, options: ShowOptions, command: Command) => {
      const ref = eventArgument(url);
      const zone = timeZoneOption(options.timezone);
      const event = await clientFor(globalsOf(command), ref).getEvent(ref);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(eventJson(event))}\n`);
        return;
      }
      process.stdout.write(`${renderEvent(event, displayZone(event, zone))}\n`);
    });
}
