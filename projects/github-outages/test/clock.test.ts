import type { IncidentRecord } from 'statuspage';
import { describe, expect, it } from 'vitest';
import { chartSpecs } from '../src/specs.ts';
import { slice, summarySlice } from './helpers.ts';

/** The committed 2026 incidents again, a year later: the data as a scrape in August 2027 might see it. */
function aYearLater(records: IncidentRecord[]): IncidentRecord[] {
  return records
    .filter((record) => record.incident.created_at.startsWith('2026'))
    .map((record) => {
      const moved = JSON.parse(JSON.stringify(record).replaceAll('"2026-', '"2027-')) as IncidentRecord;
      moved.incident.id = `${record.incident.id}y27`;
      return moved;
    });
}

const periodsOf = (mix: { period: string }[]) => [...new Set(mix.map((m) => m.period))];
const impactSubtitle = (summary: Parameters<typeof chartSpecs>[0]) =>
  (chartSpecs(summary)['impact-mix']!.title as { subtitle: string }).subtitle;

describe('the summary a year from now', () => {
  it('keeps the impact-level split in 2026 and counts 2027 as a year of new levels', async () => {
    const records = await slice('2019', '2027');
    const later = aYearLater(records);
    expect(later.length).toBeGreaterThan(100);
    // "now" is a year after the committed scrape's last day.
    const { summary, outages } = await summarySlice([...records, ...later], '2027-08-20');

    expect(periodsOf(summary.impact_mix).slice(-4)).toEqual([
      '2025',
      '2026 old levels',
      '2026 new levels',
      '2027',
    ]);
    const beforeChange = outages.filter((o) => o.year === 2026 && o.created < '2026-04-17');
    expect(beforeChange.length).toBeGreaterThan(0);
    expect(summary.impact_change).toMatchObject({
      date: '2026-04-17',
      before_n: beforeChange.length,
      after_n: outages.filter((o) => o.created >= '2026-04-17').length,
    });
    const in2027 = outages.filter((o) => o.year === 2027).length;
    expect(summary.per_year['2027']).toBe(in2027);
    expect(summary.current_year).toMatchObject({ year: 2027, count: in2027, through: '2027-08-20' });
    // 1 January to 20 August 2027 is 232 of 365 days.
    expect(summary.current_year.projected).toBe(Math.round(in2027 / (232 / 365)));
    expect(summary.growth.projected_vs_previous_year).toBe(
      Math.round((100 * summary.current_year.projected) / summary.per_year['2026']!) / 100,
    );
    expect(Object.keys(summary.recent_quarters.current)).toEqual(['Q1', 'Q2', 'Q3']);
    expect(impactSubtitle(summary)).toMatch(/on 2026-04-17, so 2026 is split there$/);
  });

  it('splits no year and reports no change for data from before the change', async () => {
    const { summary } = await summarySlice(await slice('2019', '2026'), '2025-12-31');
    expect(periodsOf(summary.impact_mix)).toEqual(['2019', '2020', '2021', '2022', '2023', '2024', '2025']);
    expect(summary.impact_change).toBeNull();
    expect(impactSubtitle(summary)).toBe("Share of each year's incidents");
  });
});
