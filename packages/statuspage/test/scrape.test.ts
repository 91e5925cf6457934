import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, launchChromium, parseCsv, parseJsonl } from 'kit';
import { chromiumMissing, describeUnless } from 'kit/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it, onTestFinished } from 'vitest';
import { HttpError, PageStructureError, ShrinkGuardError } from '../src/errors.ts';
import { USER_AGENT } from '../src/fetch.ts';
import { scrape } from '../src/scrape.ts';
import type { IncidentRecord } from '../src/types.ts';
import { ASSET_PREFIX } from './replica/pages.ts';
import { startReplica } from './replica/server.ts';
import { fixtureSource } from './replica/source.ts';

let browser: Browser;
let out: string;
const fast = { delayMs: 0, backoffMs: 5 };

const noChromium = chromiumMissing();
beforeAll(async () => {
  if (!noChromium) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'statuspage-'));
  return () => rm(out, { recursive: true, force: true });
});

/** A replica for this test only, closed when the test ends however it ends. */
async function replicaFor(...args: Parameters<typeof startReplica>) {
  const replica = await startReplica(...args);
  onTestFinished(() => replica.close());
  return replica;
}

const readStored = async () =>
  parseJsonl<IncidentRecord>(await readFile(join(out, 'incidents.jsonl'), 'utf8'));
const apiHits = <Hit extends { path: string }>(hits: Hit[]) =>
  hits.filter((hit) => hit.path.startsWith('/api/'));

describeUnless(noChromium, 'scrape of the fixture replica', () => {
  it('stores every incident exactly as served, reading the page when the JSON is missing', async () => {
    const source = fixtureSource();
    const replica = await replicaFor(source);
    const result = await scrape({ site: replica.url, out, browser, http: fast });
    expect(result.listed).toBe(source.records.length);
    expect(result.fromHtml).toBe(source.htmlOnly.size);
    expect(result.pages).toBeGreaterThan(4);
    const stored = await readStored();
    const byCode = new Map(stored.map((record) => [record.incident.id, record]));
    expect(stored.map((record) => record.incident.created_at)).toEqual(
      stored.map((record) => record.incident.created_at).sort(),
    );
    for (const expected of source.records) {
      const got = byCode.get(expected.incident.id);
      if (source.htmlOnly.has(expected.incident.id)) {
        expect(got?.source).toBe('html');
        expect(got?.incident.name).toBe(expected.incident.name);
        expect(got?.incident.impact).toBe(expected.incident.impact);
        expect(got?.incident.resolved_at).toBe(expected.incident.resolved_at);
        expect(got?.incident.incident_updates.map((u) => u.body)).toEqual(
          expected.incident.incident_updates.map((u) => u.body),
        );
        expect(got?.incident.components?.map((c) => c.name)).toEqual(
          expected.incident.components?.map((c) => c.name),
        );
      } else {
        expect(got).toEqual(expected);
      }
    }
    expect(new Set(replica.hits.map((hit) => hit.userAgent))).toEqual(new Set([USER_AGENT]));
    // The scrape reads documents (and the history's scripts); it leaves styles and images alone.
    // Should one load, the message names the requests just before it (which page, what status).
    const firstAsset = replica.hits.findIndex((hit) => hit.path.startsWith(ASSET_PREFIX));
    expect(
      replica.hits.filter((hit) => hit.path.startsWith(ASSET_PREFIX)),
      JSON.stringify(replica.hits.slice(Math.max(0, firstAsset - 4), firstAsset)),
    ).toEqual([]);

    const csv = parseCsv(await readFile(join(out, 'incidents.csv'), 'utf8'));
    expect(csv.records).toHaveLength(source.records.length);
    const legacy = csv.records.filter((row) => row.values.legacy === 'true');
    expect(
      legacy.map((row) => [row.values.id, row.values.duration_minutes, row.values.duration_source]),
    ).toEqual([['legacy0000001', '80', 'body']]);
  });

  it('reruns incrementally: only unresolved and new incidents are fetched again', async () => {
    const source = fixtureSource();
    const replica = await replicaFor(source);
    await scrape({ site: replica.url, out, browser, http: fast });
    const first = await readFile(join(out, 'incidents.jsonl'), 'utf8');
    const unresolved = source.records.filter((record) => record.incident.resolved_at === null);
    expect(unresolved.length).toBeGreaterThan(0);

    replica.hits.length = 0;
    const again = await scrape({ site: replica.url, out, browser, http: fast });
    expect(again.fetched).toBe(unresolved.length);
    expect(
      apiHits(replica.hits)
        .map((hit) => hit.path)
        .sort(),
    ).toEqual(unresolved.map((record) => `/api/v2/incidents/${record.incident.id}.json`).sort());
    expect(await readFile(join(out, 'incidents.jsonl'), 'utf8')).toBe(first);

    const newest = source.records.at(-1)!;
    const added: IncidentRecord = structuredClone(newest);
    added.incident.id = 'brandnew00001';
    added.incident.name = 'A new incident';
    replica.setRecords([...source.records, added]);
    replica.hits.length = 0;
    const third = await scrape({ site: replica.url, out, browser, http: fast });
    expect(third.fetched).toBe(unresolved.length + 1);
    expect(third.total).toBe(source.records.length + 1);
    expect(apiHits(replica.hits).some((hit) => hit.path.includes('brandnew00001'))).toBe(true);
  });

  it('retries 503s and 429s, honouring Retry-After', async () => {
    const source = fixtureSource();
    const replica = await replicaFor(source, {
      faults: [
        { match: /^\/history\?page=2$/, status: 503, times: 1 },
        { match: /^\/api\/v2\/incidents\//, status: 429, times: 1, retryAfterSeconds: 1 },
        { match: /^\/api\/v2\/incidents\//, status: 503, times: 2 },
      ],
    });
    const started = Date.now();
    const workers = 4;
    // The debug log says when the client learned of the 429 (the fetcher pauses everyone just before).
    let learned = Number.POSITIVE_INFINITY;
    const logger = createLogger({
      level: 'debug',
      write: (line) => {
        if (/HTTP 429 on .*\/api\/v2\/incidents\//.test(line)) learned = Math.min(learned, Date.now());
      },
    });
    const result = await scrape({
      site: replica.url,
      out,
      browser,
      concurrency: workers,
      http: fast,
      logger,
    });
    expect(result.total).toBe(source.records.length);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const hits = apiHits(replica.hits);
    expect(hits.map((hit) => hit.status).slice(0, 3)).toEqual([429, 503, 503]);
    // Once the client has the 429, no worker asks again until its Retry-After has passed. Each other
    // worker may have had one request on its way then (on a loaded machine it can land much later);
    // without the shared pause they would send the rest of the incidents within that second.
    expect(learned).toBeLessThan(Number.POSITIVE_INFINITY);
    const duringPause = hits.filter((hit) => hit.at > learned && hit.at < learned + 950);
    expect(duringPause.length).toBeLessThanOrEqual(workers - 1);
    expect(hits.filter((hit) => hit.at >= learned + 950).length).toBeGreaterThan(source.records.length / 2);
  });

  it('retries 503s and 429s with no body at all, on page loads and JSON requests alike', async () => {
    const source = fixtureSource();
    const htmlOnly = [...source.htmlOnly][0]!;
    const empty = { body: '' };
    const replica = await replicaFor(source, {
      faults: [
        // Chromium fails these navigations (net::ERR_HTTP_RESPONSE_CODE_FAILURE) instead of answering.
        { match: /^\/history\?page=1$/, status: 503, times: 1, ...empty },
        { match: /^\/history\?page=3$/, status: 429, times: 1, retryAfterSeconds: 1, ...empty },
        { match: new RegExp(`^/incidents/${htmlOnly}$`), status: 502, times: 2, ...empty },
        { match: /^\/api\/v2\/incidents\//, status: 503, times: 2, ...empty },
        { match: /^\/api\/v2\/incidents\//, status: 429, times: 1, ...empty },
      ],
    });
    const result = await scrape({ site: replica.url, out, browser, http: fast });
    expect(result.total).toBe(source.records.length);
    expect(result.fromHtml).toBe(source.htmlOnly.size);
    expect(result.missing).toEqual([]);
    const statuses = (pattern: RegExp) =>
      replica.hits.filter((hit) => pattern.test(hit.path)).map((hit) => hit.status);
    expect(statuses(/^\/history\?page=1$/)).toEqual([503, 200]);
    expect(statuses(/^\/history\?page=3$/)).toEqual([429, 200]);
    expect(statuses(new RegExp(`^/incidents/${htmlOnly}$`))).toEqual([502, 502, 200]);
    expect(
      apiHits(replica.hits)
        .map((hit) => hit.status)
        .slice(0, 3),
    ).toEqual([503, 503, 429]);
  });

  it('takes a history page whose pagination has no older-page link as the last page, saying so', async () => {
    const source = fixtureSource();
    const replica = await replicaFor(source, { variant: 'no-older-link' });
    const debug: string[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => debug.push(line) });
    const result = await scrape({ site: replica.url, out, browser, http: fast, logger });
    expect(result.listed).toBe(source.records.length);
    const last = `${replica.url}/history?page=${result.pages}`;
    expect(debug.filter((line) => line.includes('no older-page link'))).toEqual([
      `debug: ${last}: the pagination has no older-page link (.pagination .previous-page); taking it as the last page`,
    ]);
  });

  it('still fails on a history page without the pagination at all', async () => {
    const replica = await replicaFor(fixtureSource(), { variant: 'no-pagination' });
    const error = await scrape({ site: replica.url, out, browser, http: fast }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(PageStructureError);
    expect((error as Error).message).toBe(
      `page structure not recognised, ${replica.url}/history?page=1: selector ".pagination" not found; the site's markup may have changed`,
    );
  });

  it('gives up on a site that keeps failing and leaves the stored files untouched', async () => {
    const source = fixtureSource();
    const replica = await replicaFor(source);
    await scrape({ site: replica.url, out, browser, http: fast });
    const before = await readFile(join(out, 'incidents.jsonl'), 'utf8');
    replica.options.faults = [{ match: /^\/api\//, status: 503, times: Number.POSITIVE_INFINITY }];
    await expect(
      scrape({ site: replica.url, out, browser, full: true, http: { ...fast, retries: 2 } }),
    ).rejects.toThrow(HttpError);
    expect(await readFile(join(out, 'incidents.jsonl'), 'utf8')).toBe(before);
  });

  it('fails loudly on a changed page, naming the URL and the selector', async () => {
    const replica = await replicaFor(fixtureSource(), { variant: 'changed' });
    const error = await scrape({
      site: replica.url,
      out,
      browser,
      http: fast,
      historyTimeoutMs: 1500,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PageStructureError);
    expect((error as Error).message).toContain(`${replica.url}/history?page=1`);
    expect((error as Error).message).toContain('selector ".month"');
  });

  it('refuses to shrink the store unless forced', async () => {
    const source = fixtureSource();
    const replica = await replicaFor(source);
    await scrape({ site: replica.url, out, browser, http: fast });
    const before = await readFile(join(out, 'incidents.jsonl'), 'utf8');
    replica.setRecords(source.records.slice(-5));
    await expect(scrape({ site: replica.url, out, browser, full: true, http: fast })).rejects.toThrow(
      ShrinkGuardError,
    );
    expect(await readFile(join(out, 'incidents.jsonl'), 'utf8')).toBe(before);
    const forced = await scrape({ site: replica.url, out, browser, full: true, force: true, http: fast });
    expect(forced.total).toBe(5);
  });

  it('rejects a corrupt store with the file and line', async () => {
    await writeFile(join(out, 'incidents.jsonl'), '{"incident":{"id":"x"}}\n');
    const replica = await replicaFor(fixtureSource());
    await expect(scrape({ site: replica.url, out, browser, http: fast })).rejects.toThrow(
      `${join(out, 'incidents.jsonl')}:1: incident.name: expected a string, got nothing`,
    );
  });
});
