import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv, sharedPath } from 'kit';
import { describeUnless, sharedMissing } from 'kit/testing';
import { describe, expect, it } from 'vitest';
import { classifyServices, servicesOf } from '../src/services.ts';
import { DATA, slice, summarySlice } from './helpers.ts';

// The independent query: the scraper's flat CSV, read with nothing from src/.
async function csvRows() {
  const { records } = parseCsv(await readFile(join(DATA, 'incidents.csv'), 'utf8'));
  return records.map((r) => r.values as Record<string, string> & { created_at: string });
}

describe('analysis of the 2019-2022 slice of the committed scrape', () => {
  it('counts per year, quarter and impact as the CSV does', async () => {
    const { summary } = await summarySlice(await slice('2019', '2023'), '2022-12-31');
    const rows = (await csvRows()).filter(
      (r) => r.impact !== 'maintenance' && r.created_at >= '2019' && r.created_at < '2023',
    );
    for (const year of ['2019', '2020', '2021', '2022']) {
      expect(summary.per_year[year]).toBe(rows.filter((r) => r.created_at.startsWith(year)).length);
    }
    expect(summary.incidents_total).toBe(rows.length);
    const q3of2021 = rows.filter((r) => r.created_at >= '2021-07' && r.created_at < '2021-10').length;
    expect(summary.per_quarter.find((q) => q.quarter === '2021-Q3')?.count).toBe(q3of2021);
    for (const impact of ['none', 'minor', 'major', 'critical']) {
      const expected = rows.filter((r) => r.created_at.startsWith('2021') && r.impact === impact).length;
      expect(summary.impact_mix.find((m) => m.period === '2021' && m.impact === impact)?.count).toBe(
        expected,
      );
    }
  });

  it('takes the median duration from non-legacy incidents only', async () => {
    const { summary } = await summarySlice(await slice('2019', '2023'), '2022-12-31');
    const minutes = (await csvRows())
      .filter(
        (r) =>
          r.impact !== 'maintenance' &&
          r.created_at.startsWith('2022') &&
          r.legacy === 'false' &&
          r.duration_minutes !== '',
      )
      .map((r) => Number(r.duration_minutes))
      .sort((a, b) => a - b);
    const middle = minutes.length / 2;
    const median =
      minutes.length % 2 ? minutes[Math.floor(middle)]! : (minutes[middle - 1]! + minutes[middle]!) / 2;
    expect(summary.duration_by_year['2022']?.median).toBe(Math.round(median));
    expect(summary.duration_by_year['2022']?.n).toBe(minutes.length);
  });

  it('puts incidents with components on the side their CSV components say', async () => {
    const { outages } = await summarySlice(await slice('2019', '2027'), '2026-08-20');
    const azure = new Set(['Actions', 'Codespaces', 'Copilot', 'Copilot AI Model Providers']);
    const rows = new Map((await csvRows()).map((r) => [r.id, r]));
    let checked = 0;
    for (const outage of outages) {
      const names = (rows.get(outage.id)?.components ?? '')
        .split('; ')
        .filter((n) => n && !n.startsWith('Visit '));
      if (names.length === 0) continue;
      const native = names.filter((n) => azure.has(n)).length;
      const expected = native === names.length ? 'azure-native' : native > 0 ? 'mixed' : 'core';
      expect(outage.serviceClass, outage.id).toBe(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('projects the current year from its elapsed share', async () => {
    const { summary } = await summarySlice(await slice('2025', '2026-07-02'), '2026-07-01');
    const count = (await csvRows()).filter(
      (r) => r.impact !== 'maintenance' && r.created_at >= '2026' && r.created_at < '2026-07-02',
    ).length;
    expect(summary.current_year.count).toBe(count);
    // 1 January to 1 July 2026 inclusive is 182 of 365 days.
    expect(summary.current_year.projected).toBe(Math.round(count / (182 / 365)));
  });
});

describe('service attribution', () => {
  it('prefers components and falls back to the title', () => {
    expect(servicesOf(['Actions', 'Visit www.githubstatus.com for more information'], 'x')).toEqual([
      'Actions',
    ]);
    expect(servicesOf([], 'Incident with Codespaces and Git Operations')).toEqual([
      'Codespaces',
      'Git Operations',
    ]);
    expect(servicesOf([], 'Issues with VNet Injected Larger Hosted Runners in East US 2')).toEqual([
      'Actions',
    ]);
    expect(servicesOf([], 'Incident with Issues')).toEqual(['Issues']);
    expect(servicesOf([], 'Disruption with some GitHub services')).toEqual([]);
    expect(classifyServices(['Actions', 'Copilot'])).toBe('azure-native');
    expect(classifyServices(['Actions', 'Pages'])).toBe('mixed');
    expect(classifyServices(['Pages'])).toBe('core');
    expect(classifyServices([])).toBe('unattributed');
  });
});

const sharedJsonl = sharedPath('data', 'github-outages', 'github-incident-history_incidents.jsonl');
const sharedFlat = sharedPath('data', 'github-outages', 'github-incident-history_incidents_flat.csv');

describeUnless(
  sharedMissing('data', 'github-outages'),
  'analysis of the shared GitHub-Incident-History slice',
  () => {
    it('matches the per-year counts of the shared flat CSV', async () => {
      const { summary } = await summarySlice(await slice('2014', '2023', sharedJsonl!), '2022-12-31');
      const { records } = parseCsv(await readFile(sharedFlat!, 'utf8'));
      for (let year = 2014; year <= 2022; year++) {
        const expected = records.filter(
          (r) => r.values.created_at!.startsWith(String(year)) && r.values.impact !== 'maintenance',
        ).length;
        expect(summary.per_year[String(year)], String(year)).toBe(expected);
      }
      expect(summary.range_2014_2021).toEqual({ min: 40, max: 91 });
    });
  },
);
