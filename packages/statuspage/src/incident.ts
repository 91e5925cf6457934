import { InputError } from 'kit';
import { invalidValue } from './invalid.ts';
import { type Incident, type IncidentRecord, incidentRecordSchema } from './types.ts';

/** Statuses after which an incident no longer changes, so an incremental scrape can skip it. */
const FINAL_STATUSES = new Set(['resolved', 'completed', 'postmortem']);

export function isFinal(incident: Incident): boolean {
  return FINAL_STATUSES.has(incident.status);
}

/** Parse and validate `/api/v2/incidents/<code>.json`; the raw object is kept, unknown fields included. */
export function parseIncidentJson(text: string, url: string): IncidentRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw InputError.expected({ file: url }, 'incident JSON', text.slice(0, 40));
  }
  const parsed = incidentRecordSchema.safeParse(value);
  if (!parsed.success) throw invalidValue({ file: url }, parsed.error, value);
  // Keep the raw object, not zod's copy, so defaults never leak into the stored line.
  return value as IncidentRecord;
}

/** What the server-rendered `/incidents/<code>` page shows, read from its DOM. */
export interface IncidentPage {
  name: string;
  impact: string;
  updates: { status: string; body: string; at: string }[];
  components: string[];
}

/**
 * An incident record rebuilt from its HTML page, for sites or incidents whose JSON is missing.
 * Times come from `data-datetime-unix`, so they are exact to the second; the page gives no
 * separate creation time, so the first update stands for it.
 */
export function incidentFromPage(code: string, page: IncidentPage): IncidentRecord {
  const oldestFirst = [...page.updates].sort((a, b) => a.at.localeCompare(b.at));
  const first = oldestFirst[0];
  const last = oldestFirst.at(-1);
  const status = last ? last.status : 'unknown';
  const resolved = last && FINAL_STATUSES.has(last.status) ? last.at : null;
  const monitoring = oldestFirst.find((update) => update.status === 'monitoring');
  return {
    source: 'html',
    incident: {
      id: code,
      name: page.name,
      status,
      impact: page.impact,
      created_at: first?.at ?? '',
      started_at: first?.at ?? null,
      monitoring_at: monitoring?.at ?? null,
      resolved_at: resolved,
      incident_updates: page.updates.map((update) => ({
        status: update.status,
        body: update.body,
        created_at: update.at,
        display_at: update.at,
      })),
      components: page.components.map((name) => ({ name })),
    },
  };
}

const LEGACY_STAMP = /<strong>\s*(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(?::\d{2})?)\s*<\/strong>/g;
const DAY_MS = 86_400_000;

/**
 * Bulk-imported incidents (GitHub moved its pre-2019 history into Statuspage in December 2018):
 * zero duration, and updates written long after the time they display. The same test also catches
 * the rare incident posted days after the fact with zero duration: its API duration is just as
 * meaningless, so it is flagged too.
 */
export function isLegacyImport(incident: Incident): boolean {
  if (incident.resolved_at !== incident.created_at) return false;
  return incident.incident_updates.some((update) => {
    if (!update.created_at || !update.display_at) return false;
    return Date.parse(update.created_at) - Date.parse(update.display_at) > DAY_MS;
  });
}

/** The real span of a legacy incident, from the `<strong>YYYY-MM-DD HH:MM:SS</strong>` stamps (UTC). */
export function legacySpan(incident: Incident): { start: string; end: string } | undefined {
  const stamps: number[] = [];
  for (const update of incident.incident_updates) {
    for (const match of (update.body ?? '').matchAll(LEGACY_STAMP)) {
      const time = match[2]!.length === 5 ? `${match[2]}:00` : match[2];
      const ms = Date.parse(`${match[1]}T${time}Z`);
      if (Number.isFinite(ms)) stamps.push(ms);
    }
  }
  if (stamps.length < 2) return undefined;
  return {
    start: new Date(Math.min(...stamps)).toISOString(),
    end: new Date(Math.max(...stamps)).toISOString(),
  };
}

/** One row of `incidents.csv`. */
export interface IncidentRow {
  [column: string]: string | number | boolean | null;
  id: string;
  name: string;
  impact: string;
  status: string;
  created_at: string;
  resolved_at: string | null;
  duration_minutes: number | null;
  duration_source: 'api' | 'body' | 'unknown';
  components: string;
  updates: number;
  legacy: boolean;
  source: 'api' | 'html';
}

export const CSV_COLUMNS = [
  'id',
  'name',
  'impact',
  'status',
  'created_at',
  'resolved_at',
  'duration_minutes',
  'duration_source',
  'components',
  'updates',
  'legacy',
  'source',
] as const;

const minutesBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 60_000);

/** Flatten a record; legacy incidents get their duration from the update body, or none. */
export function incidentRow(record: IncidentRecord): IncidentRow {
  const incident = record.incident;
  const legacy = isLegacyImport(incident);
  let duration: number | null = null;
  let durationSource: IncidentRow['duration_source'] = 'unknown';
  if (legacy) {
    const span = legacySpan(incident);
    if (span) {
      duration = minutesBetween(span.start, span.end);
      durationSource = 'body';
    }
  } else if (incident.resolved_at) {
    duration = minutesBetween(incident.created_at, incident.resolved_at);
    durationSource = 'api';
  }
  return {
    id: incident.id,
    name: incident.name,
    impact: incident.impact,
    status: incident.status,
    created_at: incident.created_at,
    resolved_at: incident.resolved_at,
    duration_minutes: duration,
    duration_source: durationSource,
    components: componentNames(incident).join('; '),
    updates: incident.incident_updates.length,
    legacy,
    source: record.source === 'html' ? 'html' : 'api',
  };
}

/** Component names from the incident, or else from its updates' affected components. */
export function componentNames(incident: Incident): string[] {
  const names = new Set((incident.components ?? []).map((component) => component.name));
  if (names.size === 0) {
    for (const update of incident.incident_updates) {
      for (const affected of update.affected_components ?? []) names.add(affected.name);
    }
  }
  return [...names].sort();
}
