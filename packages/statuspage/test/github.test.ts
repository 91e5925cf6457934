import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, parseCsv, parseJsonl } from 'kit';
import { chromiumMissing, describeUnless, sharedMissing } from 'kit/testing';
import { expect, it } from 'vitest';
import { scrape } from '../src/scrape.ts';
import { startReplica } from './replica/server.ts';
import { githubSource } from './replica/source.ts';

const source = githubSource();

describeUnless(
  chromiumMissing() ?? sharedMissing('data', 'github-outages'),
  'scrape of the replicated GitHub history (shared datasets)',
  () => {
    it('gets back every incident exactly as the source holds it, legacy ones flagged', {
      timeout: 180_000,
    }, async () => {
      const replica = await startReplica(source!);
      const browser = await launchChromium();
      const out = await mkdtemp(join(tmpdir(), 'statuspage-github-'));
      try {
        const result = await scrape({
          site: replica.url,
          out,
          browser,
          concurrency: 8,
          http: { delayMs: 0 },
        });
        const stored = parseJsonl(await readFile(join(out, 'incidents.jsonl'), 'utf8'));
        const expected = [...source!.records].sort(
          (a, b) =>
            a.incident.created_at.localeCompare(b.incident.created_at) ||
            a.incident.id.localeCompare(b.incident.id),
        );
        expect(result.pages).toBeGreaterThan(60);
        expect(stored).toEqual(expected);
        const rows = parseCsv(await readFile(join(out, 'incidents.csv'), 'utf8')).records.map(
          (row) => row.values,
        );
        const flagged = rows.filter((row) => row.legacy === 'true');
        // SOURCES.md: the 832 incidents of 2010-2018 were bulk-imported with zero duration.
        const imported = rows.filter((row) => row.created_at! < '2019' && row.resolved_at === row.created_at);
        expect(imported).toHaveLength(832);
        expect(flagged.filter((row) => row.created_at! < '2019')).toEqual(imported);
        // A few later incidents were also posted days after the fact with zero duration: flagged too.
        const later = flagged.filter((row) => row.created_at! >= '2019');
        expect(later.map((row) => row.id).sort()).toEqual([
          'lwlvwcrv7dsr',
          'nk9gdvl03ztg',
          'qrrdvssfmrs2',
          'xprdw7x7w6j1',
        ]);
        expect(later.every((row) => row.duration_source === 'unknown')).toBe(true);
      } finally {
        await browser.close();
        await replica.close();
        await rm(out, { recursive: true, force: true });
      }
    });
  },
);
