export { HttpError, PageStructureError, ShrinkGuardError } from './errors.ts';
export {
  type Answer,
  createPoliteFetcher,
  isRetryableStatus,
  type PoliteFetcher,
  type PoliteOptions,
  parseRetryAfter,
  USER_AGENT,
} from './fetch.ts';
export { HISTORY_SELECTORS, type HistoryListing, type HistoryOptions, readHistory } from './history.ts';
export {
  CSV_COLUMNS,
  componentNames,
  type IncidentPage,
  type IncidentRow,
  incidentFromPage,
  incidentRow,
  isFinal,
  isLegacyImport,
  legacySpan,
  parseIncidentJson,
} from './incident.ts';
export { affectedComponents, INCIDENT_SELECTORS, readIncidentPage } from './incident-page.ts';
export { loadPage } from './page-load.ts';
export { type ScrapeOptions, type ScrapeResult, scrape } from './scrape.ts';
export {
  CSV_FILE,
  checkShrink,
  JSONL_FILE,
  mergeRecords,
  readStore,
  sortRecords,
  writeStore,
} from './store.ts';
export type { HistoryEntry, Incident, IncidentRecord, IncidentUpdate } from './types.ts';
