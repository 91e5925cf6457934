import { readFile } from 'node:fs/promises';
import { parseJsonl } from 'kit';
import { componentNames, type IncidentRecord, incidentRow } from 'statuspage';
import { classifyServices, type ServiceClass, servicesOf } from './services.ts';

/** One incident as the analysis sees it (maintenance windows are not incidents and are dropped). */
export interface Outage {
  id: string;
  name: string;
  impact: string;
  created: string;
  year: number;
  quarter: string;
  durationMinutes: number | null;
  legacy: boolean;
  components: string[];
  services: string[];
  serviceClass: ServiceClass;
}

export function toOutage(record: IncidentRecord): Outage {
  const row = incidentRow(record);
  const components = componentNames(record.incident);
  const services = servicesOf(components, record.incident.name);
  const year = Number(row.created_at.slice(0, 4));
  const month = Number(row.created_at.slice(5, 7));
  return {
    id: row.id,
    name: row.name,
    impact: row.impact,
    created: row.created_at,
    year,
    quarter: `${year}-Q${Math.ceil(month / 3)}`,
    durationMinutes: row.duration_minutes,
    legacy: row.legacy,
    components,
    services,
    serviceClass: classifyServices(services),
  };
}

export function outagesFrom(records: readonly IncidentRecord[]): { outages: Outage[]; maintenance: number } {
  const outages = records.filter((record) => record.incident.impact !== 'maintenance').map(toOutage);
  return { outages, maintenance: records.length - outages.length };
}

export async function readRecords(file: string): Promise<IncidentRecord[]> {
  return parseJsonl<IncidentRecord>(await readFile(file, 'utf8'), file);
}
