import { type Logger, silentLogger } from 'kit';
import type { Browser, Page } from 'playwright-core';
import { HttpError, PageStructureError } from './errors.ts';
import { createPoliteFetcher, type PoliteFetcher, USER_AGENT } from './fetch.ts';
import { closeLean, HISTORY_RESOURCES, leanContext } from './lean-context.ts';
import { loadPage } from './page-load.ts';
import type { HistoryEntry } from './types.ts';

/**
 * What the rendered `/history` page is made of (Statuspage's HistoryIndex React component). The
 * month, incident and pagination classes are the ones Statuspage's own stylesheet targets
 * (`.month .incident-container .impact-*`, `.history-footer .pagination`); links and impact are matched
 * loosely so cosmetic changes do not break the scrape.
 */
export const HISTORY_SELECTORS = {
  months: '.month',
  monthTitle: '.month-title, h4, h3',
  incident: '.incident-container',
  incidentLink: 'a[href*="/incidents/"]',
  incidentImpact: '[class*="impact-"]',
  displayed: '.secondary',
  pagination: '.pagination',
  olderPage: '.pagination .previous-page',
} as const;

export interface HistoryOptions {
  /** `YYYY-MM-DD`: stop paging once a page ends before this date's month. */
  since?: string;
  logger?: Logger;
  timeoutMs?: number;
  /** Called after each page with the entries it held, for progress. */
  onPage?: (page: number, entries: number) => void;
  /** A safety stop against a pagination that never ends. */
  maxPages?: number;
  /** Gap between two page loads, retries and first backoff on 429/5xx, as for the JSON requests. */
  delayMs?: number;
  retries?: number;
  backoffMs?: number;
  userAgent?: string;
}

export interface HistoryListing {
  entries: HistoryEntry[];
  pages: number;
}

const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);

/** Walk `/history?page=1..N` in one browser tab, reading each page once React has mounted it. */
export async function readHistory(
  browser: Browser,
  site: string,
  options: HistoryOptions = {},
): Promise<HistoryListing> {
  const logger = options.logger ?? silentLogger;
  const sinceMonth = options.since?.slice(0, 7);
  const maxPages = options.maxPages ?? 500;
  const context = await leanContext(browser, options.userAgent ?? USER_AGENT, HISTORY_RESOURCES);
  const tab = await context.newPage();
  // Page loads keep the JSON requests' manners: a gap between two, retries on 429 and 5xx.
  const http = createPoliteFetcher({
    delayMs: options.delayMs ?? 0,
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
    logger,
  });
  const entries: HistoryEntry[] = [];
  const seen = new Set<string>();
  try {
    for (let pageNumber = 1; pageNumber <= maxPages; pageNumber++) {
      const url = new URL(`/history?page=${pageNumber}`, site).href;
      const page = await readHistoryPage(http, tab, url, options.timeoutMs ?? 15_000, logger);
      let fresh = 0;
      for (const entry of page.entries) {
        // A page boundary can move while we walk (a new incident shifts nothing here, but be safe).
        if (seen.has(entry.code)) continue;
        if (sinceMonth && entry.month < sinceMonth) continue;
        seen.add(entry.code);
        entries.push(entry);
        fresh++;
      }
      logger.debug(`${url}: ${page.entries.length} incidents in ${page.months.join(', ')}`);
      options.onPage?.(pageNumber, fresh);
      const oldestMonth = page.months.at(-1);
      if (!page.hasOlder) return { entries, pages: pageNumber };
      if (sinceMonth && oldestMonth && oldestMonth <= sinceMonth) return { entries, pages: pageNumber };
    }
    throw new PageStructureError(site, HISTORY_SELECTORS.olderPage, `still enabled after ${maxPages} pages`);
  } finally {
    await closeLean(context);
  }
}

interface RenderedPage {
  months: string[];
  entries: HistoryEntry[];
  hasOlder: boolean;
}

async function readHistoryPage(
  http: PoliteFetcher,
  tab: Page,
  url: string,
  timeoutMs: number,
  logger: Logger,
): Promise<RenderedPage> {
  const status = await loadPage(http, tab, url, timeoutMs);
  if (status < 200 || status >= 300) throw new HttpError(url, status, `HTTP ${status}, expected 200`);
  try {
    await tab.waitForSelector(HISTORY_SELECTORS.months, { timeout: timeoutMs, state: 'attached' });
  } catch {
    throw new PageStructureError(url, HISTORY_SELECTORS.months, `did not appear within ${timeoutMs} ms`);
  }
  const raw = await tab.evaluate((s) => {
    const months = [...document.querySelectorAll(s.months)].map((month) => {
      const title = month.querySelector(s.monthTitle)?.textContent ?? null;
      const incidents = [...month.querySelectorAll(s.incident)].map((item) => {
        const link = item.querySelector(s.incidentLink);
        const titleClass = item.querySelector(s.incidentImpact)?.className ?? '';
        return {
          href: link?.getAttribute('href') ?? null,
          name: link?.textContent ?? '',
          impact: /impact-(\w+)/.exec(titleClass)?.[1] ?? null,
          displayed: item.querySelector(s.displayed)?.textContent ?? '',
        };
      });
      return { title, incidents };
    });
    const older = document.querySelector(s.olderPage);
    return {
      months,
      pagination: document.querySelector(s.pagination) !== null,
      older: older ? !older.classList.contains('disabled') : null,
    };
  }, HISTORY_SELECTORS);

  if (!raw.pagination) throw new PageStructureError(url, HISTORY_SELECTORS.pagination);
  const result: RenderedPage = { months: [], entries: [], hasOlder: raw.older === true };
  for (const month of raw.months) {
    const match = /([A-Za-z]+)\s+(\d{4})/.exec(month.title ?? '');
    const index = match ? MONTHS.indexOf(match[1]!) : -1;
    if (!match || index < 0)
      throw new PageStructureError(url, HISTORY_SELECTORS.monthTitle, `unreadable: "${month.title}"`);
    const key = `${match[2]}-${String(index + 1).padStart(2, '0')}`;
    result.months.push(key);
    for (const incident of month.incidents) {
      const code = /\/incidents\/([A-Za-z0-9]+)/.exec(incident.href ?? '')?.[1];
      if (!code)
        throw new PageStructureError(
          url,
          HISTORY_SELECTORS.incidentLink,
          `without an /incidents/<code> link`,
        );
      if (!incident.impact)
        throw new PageStructureError(url, HISTORY_SELECTORS.incidentImpact, 'not found in an incident');
      result.entries.push({
        code,
        name: incident.name.trim(),
        impact: incident.impact,
        displayed: incident.displayed.replace(/\s+/g, ' ').trim(),
        month: key,
      });
    }
  }
  // Read only now: a missing older-page link means the last page only on a page that is otherwise
  // what we expect (months, incidents and the pagination itself all read).
  if (raw.older === null)
    logger.debug(
      `${url}: the pagination has no older-page link (${HISTORY_SELECTORS.olderPage}); taking it as the last page`,
    );
  return result;
}
