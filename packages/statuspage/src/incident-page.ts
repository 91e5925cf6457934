import type { BrowserContext } from 'playwright-core';
import { HttpError, PageStructureError } from './errors.ts';
import { createPoliteFetcher, type PoliteFetcher } from './fetch.ts';
import type { IncidentPage } from './incident.ts';
import { closeLean } from './lean-context.ts';
import { loadPage } from './page-load.ts';

/** The server-rendered incident page (`/incidents/<code>`), read in the browser like the history. */
export const INCIDENT_SELECTORS = {
  name: '.incident-name',
  update: '.update-row',
  updateTitle: '.update-title',
  updateBody: '.update-body',
  updateTime: '.update-timestamp [data-datetime-unix]',
  components: '.components-affected',
} as const;

/** Split "This incident affected: A, B, and C." into names. */
export function affectedComponents(text: string): string[] {
  const list = text
    .replace(/^[^:]*:/, '')
    .trim()
    .replace(/\.$/, '');
  if (!list) return [];
  return list
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((name) => name.trim())
    .filter(Boolean);
}

/**
 * Returns undefined on a 404, so the caller can report the incident as missing. The load goes
 * through `http`, the scrape's fetcher, so it shares its clock and its retries.
 */
export async function readIncidentPage(
  context: BrowserContext,
  url: string,
  http: PoliteFetcher = createPoliteFetcher(),
  timeoutMs = 30_000,
): Promise<IncidentPage | undefined> {
  const tab = await context.newPage();
  try {
    const status = await loadPage(http, tab, url, timeoutMs);
    if (status === 404) return undefined;
    if (status < 200 || status >= 300)
      throw new HttpError(url, status, `HTTP ${status}, expected 200 or 404`);
    const raw = await tab.evaluate((s) => {
      const name = document.querySelector(s.name);
      return {
        name: name?.textContent ?? null,
        impact: /impact-(\w+)/.exec(name?.className ?? '')?.[1] ?? null,
        updates: [...document.querySelectorAll(s.update)].map((row) => ({
          status: row.querySelector(s.updateTitle)?.textContent ?? '',
          body: row.querySelector(s.updateBody)?.textContent ?? '',
          unix: row.querySelector(s.updateTime)?.getAttribute('data-datetime-unix') ?? null,
        })),
        components: document.querySelector(s.components)?.textContent ?? '',
      };
    }, INCIDENT_SELECTORS);
    if (raw.name === null) throw new PageStructureError(url, INCIDENT_SELECTORS.name);
    const updates = raw.updates.map((update) => {
      const ms = Number(update.unix);
      if (!update.unix || !Number.isFinite(ms))
        throw new PageStructureError(url, INCIDENT_SELECTORS.updateTime);
      return {
        status: update.status.trim().toLowerCase(),
        body: update.body.trim(),
        at: new Date(ms).toISOString(),
      };
    });
    return {
      name: raw.name.trim(),
      impact: raw.impact ?? 'none',
      updates,
      components: affectedComponents(raw.components.replace(/\s+/g, ' ')),
    };
  } finally {
    await closeLean(tab);
  }
}
