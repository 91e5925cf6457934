import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncidentRecord } from '../../src/types.ts';
import {
  ASSET_PREFIX,
  historyHtml,
  historyProps,
  historyShell,
  historyWindow,
  incidentHtml,
  incidentShell,
} from './pages.ts';
import type { ReplicaSource } from './source.ts';

/** Make the next `times` requests whose path matches fail with `status` (and a Retry-After, if given). */
export interface Fault {
  match: RegExp;
  status: number;
  times: number;
  retryAfterSeconds?: number;
  /** The answer's body; '' sends none, as an overloaded load balancer often does. */
  body?: string;
}

/** How the history renders: as Statuspage does, or with the changes a redesign or a last page may bring. */
export type HistoryVariant = 'react' | 'changed' | 'no-older-link' | 'no-pagination';

export interface ReplicaOptions {
  /** The site's clock: page 1 ends with this month. Defaults to the newest incident's month. */
  now?: Date;
  monthsPerPage?: number;
  /** `changed` renders the history with other class names, as after a redesign (see mount.js). */
  variant?: HistoryVariant;
  faults?: Fault[];
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface Replica {
  url: string;
  /** Every request: path, user agent and the time it arrived. */
  /** Every request answered; `referer` says which page asked for a subresource. */
  hits: { path: string; userAgent: string; at: number; status: number; referer?: string }[];
  setRecords(records: IncidentRecord[]): void;
  options: ReplicaOptions;
  close(): Promise<void>;
}

/** A local Atlassian Statuspage on 127.0.0.1 with a random port. */
export async function startReplica(source: ReplicaSource, options: ReplicaOptions = {}): Promise<Replica> {
  const historyTemplate = historyShell();
  const incidentTemplate = incidentShell();
  let records = source.records;
  let byCode = new Map(records.map((record) => [record.incident.id, record]));
  let json = new Map(records.map((record) => [record.incident.id, JSON.stringify(record)]));
  const hits: Replica['hits'] = [];

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://replica');
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      hits.push({
        path: url.pathname + url.search,
        userAgent: request.headers['user-agent'] ?? '',
        at: Date.now(),
        status,
        ...(request.headers.referer ? { referer: request.headers.referer } : {}),
      });
      response.writeHead(status, { 'content-type': type, ...headers });
      response.end(body);
    };
    const fault = options.faults?.find(
      (candidate) => candidate.times > 0 && candidate.match.test(url.pathname + url.search),
    );
    if (fault) {
      fault.times--;
      const headers: Record<string, string> =
        fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      return send(fault.status, 'text/html', fault.body ?? '<h1>Service Unavailable</h1>', headers);
    }
    if (url.pathname === '/history') {
      const page = Number(url.searchParams.get('page') ?? '1');
      if (!Number.isInteger(page) || page < 1) return send(404, 'text/html', 'not found');
      const times = records.map((record) => record.incident.created_at).sort();
      const now = options.now ?? new Date(times.at(-1) ?? Date.now());
      const oldest = times[0] ?? now.toISOString();
      const window = historyWindow(now, page, options.monthsPerPage ?? 3);
      const props = historyProps(records, window, oldest, source.name);
      return send(
        200,
        'text/html; charset=utf-8',
        historyHtml(historyTemplate, props, options.variant ?? 'react'),
      );
    }
    const api = /^\/api\/v2\/incidents\/([a-z0-9]+)\.json$/.exec(url.pathname);
    if (api) {
      const body = json.get(api[1]!);
      if (!body || source.htmlOnly.has(api[1]!))
        return send(404, 'application/json', '{"error":"Not found"}');
      return send(200, 'application/json; charset=utf-8', body);
    }
    if (url.pathname === `${ASSET_PREFIX}status.css`) return send(200, 'text/css', 'body { margin: 0 }');
    if (url.pathname === `${ASSET_PREFIX}logo.png`) return send(200, 'image/png', '');
    const page = /^\/incidents\/([a-z0-9]+)$/.exec(url.pathname);
    if (page) {
      const record = byCode.get(page[1]!);
      if (!record) return send(404, 'text/html', '<h1>The page you were looking for does not exist</h1>');
      return send(200, 'text/html; charset=utf-8', incidentHtml(incidentTemplate, record.incident));
    }
    return send(404, 'text/html', 'not found');
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    options,
    setRecords(next) {
      records = next;
      byCode = new Map(records.map((record) => [record.incident.id, record]));
      json = new Map(records.map((record) => [record.incident.id, JSON.stringify(record)]));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
