export { HttpError, PageStructureError, ShrinkGuardError } from './errors.ts';
export { createPoliteFetcher, parseRetryAfter, USER_AGENT, type PoliteFetcher, type PoliteOptions } from './fetch.ts';
export { HISTORY_SELECTORS, readHistory, type HistoryListing, type HistoryOptions } from './history.ts';
export {
  componentNames,
  CSV_COLUMNS,
  incidentFromPage,
  incidentRow,
  isFinal,
  isLegacyImport,
  legacySpan,
  parseIncidentJson,
  type IncidentPage,
  type IncidentRow,
} from './incident.ts';
export { affectedComponents, INCIDENT_SELECTORS, readIncidentPage } from './incident-page.ts';
export { scrape, type ScrapeOptions, type ScrapeResult } from './scrape.ts';
export { checkShrink, CSV_FILE, JSONL_FILE, mergeRecords, readStore, sortRecords, writeStore } from './store.ts';
export type { HistoryEntry, Incident, IncidentRecord, IncidentUpdate } from './types.ts';
