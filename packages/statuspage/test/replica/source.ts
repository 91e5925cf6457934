import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonl, sharedPath } from 'kit';
import type { IncidentRecord } from '../../src/types.ts';

/** What the replica serves: the records, and which of them have no JSON (HTML page only). */
export interface ReplicaSource {
  name: string;
  records: IncidentRecord[];
  htmlOnly: Set<string>;
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** Our own made-up site (test/fixtures/incidents.jsonl, from make-fixtures.ts): always available. */
export function fixtureSource(): ReplicaSource {
  const file = join(FIXTURES, 'incidents.jsonl');
  const records = parseJsonl<IncidentRecord & { replica_html_only?: boolean }>(
    readFileSync(file, 'utf8'),
    file,
  );
  const htmlOnly = new Set<string>();
  const clean = records.map(({ replica_html_only, ...record }) => {
    if (replica_html_only) htmlOnly.add(record.incident.id);
    return record;
  });
  return { name: 'Example Cloud', records: clean, htmlOnly };
}

interface AtomIncident {
  title: string;
  url: string;
  started_at: string | null;
  resolved_at: string | null;
  updated_at: string;
  impact: string;
  components?: string[];
  components_source?: string;
  updates: { at: string; status: string; message: string }[];
}

const GITHUB_PAGE = {
  id: 'kctbh9vrtdwd',
  name: 'GitHub',
  url: 'https://www.githubstatus.com',
  time_zone: 'Etc/UTC',
  updated_at: '2026-08-22T04:40:00.000Z',
};

/**
 * GitHub's history as the shared datasets know it: the API answers of GitHub-Incident-History
 * (2010 to October 2023) as they are, then the incidents mrshu/github-statuses rebuilt from the Atom
 * feed, turned back into the API's shape. Components GLiNER guessed are left out: the real page had none.
 */
export function githubSource(): ReplicaSource | undefined {
  const history = sharedPath('data', 'github-outages', 'github-incident-history_incidents.jsonl');
  const atom = sharedPath('data', 'github-outages', 'mrshu-github-statuses_incidents.jsonl');
  if (!history || !atom) return undefined;
  const records = parseJsonl<IncidentRecord>(readFileSync(history, 'utf8'), history);
  const known = new Set(records.map((record) => record.incident.id));
  const componentIds = new Map<string, string>();
  for (const record of records) {
    for (const component of record.incident.components ?? []) {
      if (component.id) componentIds.set(component.name, component.id);
    }
  }
  for (const item of parseJsonl<AtomIncident>(readFileSync(atom, 'utf8'), atom)) {
    const code = item.url.split('/').at(-1)!;
    if (known.has(code)) continue;
    known.add(code);
    records.push({ page: GITHUB_PAGE, incident: atomToIncident(code, item, componentIds) });
  }
  return { name: 'GitHub', records, htmlOnly: new Set() };
}

function atomToIncident(
  code: string,
  item: AtomIncident,
  componentIds: Map<string, string>,
): IncidentRecord['incident'] {
  const ms = (iso: string) => iso.replace(/Z$/, '.000Z');
  let current = 'investigating';
  const updates = item.updates.map((update, index) => {
    // The feed says "Update" for a message that keeps the status: carry the last real one.
    const status = update.status.toLowerCase().replace(/ /g, '_');
    if (status !== 'update') current = status;
    return {
      id: `${code}u${index}`,
      status: current,
      body: update.message,
      incident_id: code,
      created_at: ms(update.at),
      updated_at: ms(update.at),
      display_at: ms(update.at),
    };
  });
  const names = item.components_source === 'gliner2' ? [] : (item.components ?? []);
  const created = ms(item.started_at ?? item.updates[0]?.at ?? item.updated_at);
  const monitoring = updates.find((update) => update.status === 'monitoring');
  return {
    id: code,
    name: item.title,
    status: updates.at(-1)?.status ?? 'resolved',
    created_at: created,
    updated_at: ms(item.updated_at),
    monitoring_at: monitoring?.created_at ?? null,
    resolved_at: item.resolved_at ? ms(item.resolved_at) : null,
    impact: item.impact,
    shortlink: null,
    started_at: created,
    page_id: GITHUB_PAGE.id,
    incident_updates: updates.reverse(),
    components: names.map((name) => ({ id: componentIds.get(name) ?? `synthetic-${name}`, name })),
  };
}
