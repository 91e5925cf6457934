import { join } from 'node:path';
import type { IncidentRecord } from 'statuspage';
import { readEvents } from '../src/events.ts';
import { outagesFrom, readRecords } from '../src/load.ts';
import { summarize } from '../src/summarize.ts';

export const ROOT = join(import.meta.dirname, '..');
export const DATA = join(ROOT, 'data');

/** The committed scrape, cut to incidents created in [from, to). */
export async function slice(
  from: string,
  to: string,
  file = join(DATA, 'incidents.jsonl'),
): Promise<IncidentRecord[]> {
  const records = await readRecords(file);
  return records.filter((record) => record.incident.created_at >= from && record.incident.created_at < to);
}

export async function summarySlice(records: IncidentRecord[], coverageEnd: string) {
  const { outages, maintenance } = outagesFrom(records);
  const events = await readEvents(join(DATA, 'events.csv'));
  return { outages, summary: summarize({ outages, maintenance, events, coverageEnd }) };
}
