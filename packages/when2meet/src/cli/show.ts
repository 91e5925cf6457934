import type { Command } from 'commander';
import type { LoadedEvent } from '../client.ts';
import { displayZone, runsOf, spanLabel } from '../format.ts';
import { parseInput } from '../operations/operation.ts';
import { loadEvent, readEventOperation } from '../operations/read.ts';
import { contextFor, globalsOf } from './common.ts';
import { renderHeatmap } from './heatmap.ts';

interface ShowOptions {
  json?: boolean;
  timezone?: string;
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
      const context = contextFor(globalsOf(command));
      const request = parseInput(readEventOperation.input, { url, timezone: options.timezone }, context);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(await readEventOperation.run(request, context))}\n`);
        return;
      }
      // The text form draws the page itself as a heat map, from the same load the tool does.
      const event = await loadEvent(request, context);
      process.stdout.write(`${renderEvent(event, displayZone(event, request.timezone))}\n`);
    });
}
