import { join } from 'node:path';
import { type Logger, launchChromium, silentLogger } from 'kit';
import type { Browser, BrowserContext } from 'playwright-core';
import { HttpError } from './errors.ts';
import { createPoliteFetcher, type PoliteOptions, USER_AGENT } from './fetch.ts';
import { readHistory } from './history.ts';
import { incidentFromPage, isFinal, parseIncidentJson } from './incident.ts';
import { readIncidentPage } from './incident-page.ts';
import { closeLean, INCIDENT_RESOURCES, leanContext } from './lean-context.ts';
import { checkShrink, JSONL_FILE, mergeRecords, readStore, writeStore } from './store.ts';
import type { HistoryEntry, IncidentRecord } from './types.ts';

export interface ScrapeOptions {
  site: string;
  out: string;
  /** `YYYY-MM-DD`: only list incidents from this date's month on (stored older ones are kept). */
  since?: string;
  /** Refetch every listed incident and drop stored ones the site no longer lists. */
  full?: boolean;
  /** Overwrite even when far fewer incidents are found than stored. */
  force?: boolean;
  concurrency?: number;
  http?: PoliteOptions;
  logger?: Logger;
  /** Progress callback: phase, done, total. */
  onProgress?: (phase: 'history' | 'details', done: number, total: number) => void;
  /** How long to wait for the history to render before calling the page changed. */
  historyTimeoutMs?: number;
  /** Reuse a browser (tests, benchmarks); otherwise one is launched and closed. */
  browser?: Browser;
}

export interface ScrapeResult {
  pages: number;
  listed: number;
  fetched: number;
  fromHtml: number;
  missing: string[];
  total: number;
  requests: number;
}

export async function scrape(options: ScrapeOptions): Promise<ScrapeResult> {
  const logger = options.logger ?? silentLogger;
  const stored = await readStore(options.out);
  const browser = options.browser ?? (await launchChromium());
  try {
    const listing = await readHistory(browser, options.site, {
      since: options.since,
      logger,
      timeoutMs: options.historyTimeoutMs,
      delayMs: options.http?.delayMs ?? 100,
      retries: options.http?.retries,
      backoffMs: options.http?.backoffMs,
      userAgent: options.http?.userAgent,
      onPage: (page) => options.onProgress?.('history', page, page + 1),
    });
    logger.info(`history: ${listing.entries.length} incidents on ${listing.pages} pages`);

    const sinceMonth = options.since?.slice(0, 7);
    const storedInWindow = [...stored.values()].filter(
      (record) => !sinceMonth || record.incident.created_at.slice(0, 7) >= sinceMonth,
    ).length;
    if (!options.force) checkShrink(listing.entries.length, storedInWindow, join(options.out, JSONL_FILE));

    const wanted = options.full
      ? listing.entries
      : listing.entries.filter((entry) => {
          const known = stored.get(entry.code);
          return !known || !isFinal(known.incident);
        });
    logger.info(`details: ${wanted.length} to fetch, ${listing.entries.length - wanted.length} reused`);

    const context = await leanContext(browser, options.http?.userAgent ?? USER_AGENT, INCIDENT_RESOURCES);
    try {
      const details = await fetchDetails(wanted, context, options, logger);
      const base = options.full ? new Map<string, IncidentRecord>() : stored;
      if (options.full && sinceMonth) {
        for (const [code, record] of stored)
          if (record.incident.created_at.slice(0, 7) < sinceMonth) base.set(code, record);
      }
      const merged = mergeRecords(base, details.records);
      const total = await writeStore(options.out, merged.values());
      return {
        pages: listing.pages,
        listed: listing.entries.length,
        fetched: details.records.length,
        fromHtml: details.fromHtml,
        missing: details.missing,
        total,
        requests: details.requests,
      };
    } finally {
      await closeLean(context);
    }
  } finally {
    if (!options.browser) await browser.close();
  }
}

async function fetchDetails(
  entries: HistoryEntry[],
  context: BrowserContext,
  options: ScrapeOptions,
  logger: Logger,
): Promise<{ records: IncidentRecord[]; fromHtml: number; missing: string[]; requests: number }> {
  const http = createPoliteFetcher({ logger, ...options.http });
  const records: IncidentRecord[] = [];
  const missing: string[] = [];
  let fromHtml = 0;
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const entry = entries[next++]!;
      const url = new URL(`/api/v2/incidents/${entry.code}.json`, options.site).href;
      const response = await http.get(url);
      if (response.status === 200) {
        records.push(parseIncidentJson(response.text, url));
      } else if (response.status === 404) {
        // Some incidents have no JSON (deleted from the API, or a site that hides it): read the page.
        const pageUrl = new URL(`/incidents/${entry.code}`, options.site).href;
        const page = await readIncidentPage(context, pageUrl, http);
        if (page) {
          records.push(incidentFromPage(entry.code, page));
          fromHtml++;
        } else {
          logger.warn(`${entry.code}: no JSON (${url}) and no page (${pageUrl}); skipped`);
          missing.push(entry.code);
        }
      } else {
        throw new HttpError(url, response.status, `HTTP ${response.status}, expected 200 or 404`);
      }
      options.onProgress?.('details', ++done, entries.length);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, entries.length || 1));
  await Promise.all(Array.from({ length: workers }, worker));
  return { records, fromHtml, missing, requests: http.requests };
}
