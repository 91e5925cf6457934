import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from 'kit';
import type { Incident, IncidentRecord } from '../../src/types.ts';

const HERE = import.meta.dirname;
const FIXTURES = join(HERE, '..', 'fixtures');
const MONTH_NAMES =
  'January February March April May June July August September October November December'.split(' ');

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The real GOV.UK Notify history page from the shared fixtures, or our own small shell when shared is
 * absent, made offline; the mount script stands in for Statuspage's bundle.
 */
export function historyShell(): string {
  const shared = sharedPath('fixtures', 'statuspage', 'govuk-notify_history.html');
  return offline(readFileSync(shared ?? join(FIXTURES, 'history-shell.html'), 'utf8'));
}

export function incidentShell(): string {
  const shared = sharedPath('fixtures', 'statuspage', 'govuk-notify_incident.html');
  return offline(readFileSync(shared ?? join(FIXTURES, 'incident-shell.html'), 'utf8'));
}

/** Where the replica serves the stylesheet and logo a real page loads from Statuspage's CDN. */
export const ASSET_PREFIX = '/assets/';

/**
 * Drop the page's scripts and CDN links (the machine is offline), then link a local stylesheet and
 * logo in their place, so a test can see whether the scraper loads what it does not read.
 */
function offline(html: string): string {
  return html
    .replace(/<base [^>]*>/g, '')
    .replace(/<script\b[\s\S]*?<\/script>/g, '')
    .replace(/<link\b[^>]*>/g, '')
    .replace('</head>', `<link rel="stylesheet" href="${ASSET_PREFIX}status.css"></head>`)
    .replace(/<body\b[^>]*>/, (body) => `${body}<img src="${ASSET_PREFIX}logo.png" alt="">`);
}

const MOUNT_SCRIPT = readFileSync(join(HERE, 'mount.js'), 'utf8');

export interface HistoryWindow {
  /** Newest month first, `YYYY-MM`. */
  months: string[];
  start: string;
  end: string;
}

/** Page N shows the three months ending `3 * (N - 1)` months before `now`'s month. */
export function historyWindow(now: Date, page: number, monthsPerPage = 3): HistoryWindow {
  const months: string[] = [];
  const newest = now.getUTCFullYear() * 12 + now.getUTCMonth() - monthsPerPage * (page - 1);
  for (let i = 0; i < monthsPerPage; i++) {
    const index = newest - i;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  const oldest = months.at(-1)!;
  const [endYear, endMonth] = months[0]!.split('-').map(Number) as [number, number];
  return {
    months,
    start: `${oldest}-01T00:00:00+00:00`,
    end: new Date(Date.UTC(endYear, endMonth, 1) - 1000).toISOString().replace('.000Z', '+00:00'),
  };
}

const short = (iso: string) => {
  const date = new Date(iso);
  const month = MONTH_NAMES[date.getUTCMonth()]!.slice(0, 3);
  const time = iso.slice(11, 16);
  return { day: `${month} <var data-var='date'>${date.getUTCDate()}</var>`, time };
};

/** Statuspage's displayed range: `Feb <var>29</var>, <var>22:00</var> - <var>23:00</var> UTC`. */
export function displayedRange(incident: Incident): string {
  const from = short(incident.created_at);
  const end = incident.resolved_at ?? incident.created_at;
  const to = short(end);
  const sameDay = incident.created_at.slice(0, 10) === end.slice(0, 10);
  const right = sameDay ? '' : `${to.day}, `;
  return `${from.day}, <var data-var='time'>${from.time}</var> - ${right}<var data-var='time'>${to.time}</var> UTC`;
}

export function historyProps(
  records: IncidentRecord[],
  window: HistoryWindow,
  createdAt: string,
  name: string,
) {
  const byMonth = new Map<string, IncidentRecord[]>();
  for (const record of records) {
    const month = record.incident.created_at.slice(0, 7);
    if (!window.months.includes(month)) continue;
    const list = byMonth.get(month) ?? [];
    list.push(record);
    byMonth.set(month, list);
  }
  return {
    page_status: { page: { name, created_at: createdAt, time_zone: 'Etc/UTC' } },
    components: [],
    months: window.months.map((key) => {
      const [year, month] = key.split('-').map(Number) as [number, number];
      const incidents = (byMonth.get(key) ?? []).sort((a, b) =>
        b.incident.created_at.localeCompare(a.incident.created_at),
      );
      return {
        name: MONTH_NAMES[month - 1],
        year,
        starts_on: new Date(Date.UTC(year, month - 1, 1)).getUTCDay(),
        days: new Date(Date.UTC(year, month, 0)).getUTCDate(),
        incidents: incidents.map(({ incident }) => ({
          code: incident.id,
          name: incident.name,
          message: incident.incident_updates[0]?.body ?? '',
          impact: incident.impact,
          timestamp: displayedRange(incident),
        })),
      };
    }),
    show_component_filter: false,
    show_uptime_calendar: true,
    component_filter: null,
    start_time: window.start,
    end_time: window.end,
  };
}

export function historyHtml(shell: string, props: unknown, variant: string): string {
  const attribute = `data-react-props="${escapeHtml(JSON.stringify(props))}" data-replica-variant="${variant}"`;
  const withProps = shell.replace(/data-react-props="[^"]*"/, attribute);
  if (withProps === shell) throw new Error('replica: history shell has no data-react-props attribute');
  return withProps.replace('</body>', `<script>${MOUNT_SCRIPT}</script></body>`);
}

/** The server-rendered incident page, with the same markup as Statuspage's. */
export function incidentHtml(shell: string, incident: Incident): string {
  const updates = incident.incident_updates
    .map((update) => {
      const at = update.display_at ?? update.created_at ?? incident.created_at;
      const title = update.status.charAt(0).toUpperCase() + update.status.slice(1);
      return `
        <div class="row update-row">
          <h2 class="update-title span3 font-large">
            ${escapeHtml(title)}
          </h2>
          <div class="update-container span9">
            <div class="update-body font-regular">
              <span class="whitespace-pre-wrap">${escapeHtml(update.body ?? '')}</span>
            </div>
            <div class="update-timestamp font-small color-secondary">
              Posted <span class="ago" data-datetime-unix="${Date.parse(at)}"></span>${short(at).day} - <var data-var="time">${short(at).time}</var> UTC
            </div>
          </div>
        </div>`;
    })
    .join('');
  const names = (incident.components ?? []).map((component) => component.name);
  const affected =
    names.length > 0
      ? `<div class="components-affected font-small color-secondary border-color">
          This incident affected: ${escapeHtml(names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!)}.
        </div>`
      : '';
  return shell
    .replace(
      /<h1 class="[^"]*incident-name[^"]*">[\s\S]*?<\/h1>/,
      `<h1 class="color-primary incident-name whitespace-pre-wrap impact-${incident.impact}">${escapeHtml(incident.name)}</h1>`,
    )
    .replace(
      /<div class="incident-updates-container">[\s\S]*?(?=<div class="page-footer)/,
      `<div class="incident-updates-container">${updates}\n${affected}\n    </div>\n\n    `,
    );
}
