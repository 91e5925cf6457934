import type { BrowserContext } from 'playwright-core';
import { PageStructureError } from './errors.ts';
import type { IncidentPage } from './incident.ts';

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

/** Returns undefined on a 404, so the caller can report the incident as missing. */
export async function readIncidentPage(
  context: BrowserContext,
  url: string,
): Promise<IncidentPage | undefined> {
  const tab = await context.newPage();
  try {
    const response = await tab.goto(url, { waitUntil: 'domcontentloaded' });
    if (response?.status() === 404) return undefined;
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
    await tab.close();
  }
}
