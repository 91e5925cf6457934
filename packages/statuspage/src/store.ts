import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJsonlLines, toCsv, toJsonl, writeFileAtomic } from 'kit';
import { ShrinkGuardError } from './errors.ts';
import { CSV_COLUMNS, incidentRow } from './incident.ts';
import { invalidValue } from './invalid.ts';
import { type IncidentRecord, incidentRecordSchema } from './types.ts';

export const JSONL_FILE = 'incidents.jsonl';
export const CSV_FILE = 'incidents.csv';

/** Stored incidents by code; an absent file is an empty store. */
export async function readStore(dir: string): Promise<Map<string, IncidentRecord>> {
  const file = join(dir, JSONL_FILE);
  const store = new Map<string, IncidentRecord>();
  if (!existsSync(file)) return store;
  for (const { line, value } of parseJsonlLines(await readFile(file, 'utf8'), file)) {
    const parsed = incidentRecordSchema.safeParse(value);
    if (!parsed.success) throw invalidValue({ file, line }, parsed.error, value);
    const record = value as IncidentRecord;
    store.set(record.incident.id, record);
  }
  return store;
}

/** Oldest first by creation time, then by code, so reruns write identical files. */
export function sortRecords(records: Iterable<IncidentRecord>): IncidentRecord[] {
  return [...records].sort(
    (a, b) =>
      a.incident.created_at.localeCompare(b.incident.created_at) ||
      a.incident.id.localeCompare(b.incident.id),
  );
}

/** Newer records replace stored ones with the same code; nothing stored is dropped. */
export function mergeRecords(
  stored: Map<string, IncidentRecord>,
  fresh: Iterable<IncidentRecord>,
): Map<string, IncidentRecord> {
  const merged = new Map(stored);
  for (const record of fresh) merged.set(record.incident.id, record);
  return merged;
}

/**
 * Refuse when a scrape lists far fewer incidents than are stored for the same window: that is a
 * changed page or a site in trouble, not GitHub deleting its history.
 */
export function checkShrink(found: number, stored: number, file: string, tolerance = 0.1): void {
  if (stored > 0 && found < stored * (1 - tolerance)) throw new ShrinkGuardError(found, stored, file);
}

export async function writeStore(dir: string, records: Iterable<IncidentRecord>): Promise<number> {
  const sorted = sortRecords(records);
  // CSV first: if anything fails, the JSONL (the source of truth) is still the old one.
  await writeFileAtomic(join(dir, CSV_FILE), toCsv(sorted.map(incidentRow), CSV_COLUMNS));
  await writeFileAtomic(join(dir, JSONL_FILE), toJsonl(sorted));
  return sorted.length;
}
