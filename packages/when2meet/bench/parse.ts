// Figures for the hot paths: parsing a big event page, building a full vector, ranking times.
// Run with `npm run bench -w when2meet`. Prints figures; asserts nothing.
import { bestMeetingTimes } from '../src/best.ts';
import { parseFreeRange, vectorFromFreeRanges } from '../src/free.ts';
import { parseEventPage } from '../src/protocol/page.ts';
import { renderPage, When2MeetEmulator } from '../test/emulator.ts';

function time<T>(label: string, runs: number, work: () => T): T {
  let result = work();
  const start = performance.now();
  for (let i = 0; i < runs; i++) result = work();
  const perRun = (performance.now() - start) / runs;
  console.log(`${label.padEnd(48)} ${perRun.toFixed(2).padStart(8)} ms/run`);
  return result;
}

// A big event: 14 all-day dates across a DST change (1340 slots), 40 people with scattered time.
const emulator = new When2MeetEmulator();
const event = emulator.createEvent({
  NewEventName: 'Bench',
  DateTypes: 'SpecificDates',
  PossibleDates: Array.from({ length: 14 }, (_, i) => `2026-03-${String(i + 1).padStart(2, '0')}`).join('|'),
  NoEarlierThan: '0',
  NoLaterThan: '0',
  TimeZone: 'America/New_York',
});
for (let p = 0; p < 40; p++) {
  const available = new Set<number>();
  for (let i = 0; i < event.slots.length; i++) if ((i * 7 + p * 13) % 11 < 5) available.add(i);
  event.people.push({ id: 1000 + p, name: `Person ${p}`, password: '', available });
}
const html = renderPage(event);
console.log(
  `page: ${event.slots.length} slots, ${event.people.length} people, ${(html.length / 1024).toFixed(0)} KiB`,
);

const page = time('parseEventPage', 20, () => parseEventPage(html, 'bench'));
const ranges = Array.from({ length: 14 }, (_, i) =>
  parseFreeRange(`2026-03-${String(i + 1).padStart(2, '0')} 09:00-17:00`),
);
time('vectorFromFreeRanges (14 ranges, Intl per slot)', 20, () => vectorFromFreeRanges(page, ranges));
time('bestMeetingTimes (60 min, min 1)', 20, () =>
  bestMeetingTimes(page, { durationMinutes: 60, minPeople: 1 }),
);
const memory = process.memoryUsage();
console.log(
  `heap used ${(memory.heapUsed / 1024 / 1024).toFixed(1)} MiB, rss ${(memory.rss / 1024 / 1024).toFixed(1)} MiB`,
);
