import { quantileSorted, round } from 'kit';
import type { Milestone } from './events.ts';
import type { Outage } from './load.ts';
import { PUBLISHED } from './published.ts';
import { AZURE_NATIVE, type ServiceClass } from './services.ts';
import { countBy, percent } from './stats.ts';

export const FIRST_YEAR = 2013;
/** The first year with real durations and components (earlier ones were bulk-imported). */
const RECENT_FROM = 2019;
const IMPACTS = ['none', 'minor', 'major', 'critical'];
const CLASSES: ServiceClass[] = ['azure-native', 'mixed', 'core', 'unattributed'];

export interface SummaryInput {
  outages: Outage[];
  maintenance: number;
  events: Milestone[];
  /** The last day the data covers (the scrape time): sets the current year's pace. */
  coverageEnd: string;
}

/** Five quantiles of incident duration in minutes, over `n` incidents. */
export interface DurationQuantiles {
  n: number;
  p10: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
}

/** The impact-level change (a `method` event of events.csv) and what it did to the critical share. */
export interface ImpactChange {
  date: string;
  /** Incidents of the change's year before the day, and every incident from the day on. */
  before_n: number;
  after_n: number;
  critical_before_pct: number;
  critical_after_pct: number;
  critical_2019_to_2025: number;
}

type ClassCounts = Record<ServiceClass, number>;
type Sides = 'native' | 'mixed' | 'core' | 'unattributed';

/** Every figure the post and the charts use (data/summary.json). */
export interface Summary {
  coverage: { first: string; last: string };
  incidents_total: number;
  maintenance_excluded: number;
  since_2013_09: number;
  legacy: { count: number; before_2019: number; with_span: number };
  /** Incidents per calendar year, every year from the first incident's to the coverage end's. */
  per_year: Record<string, number>;
  range_2014_2021: { min: number; max: number };
  averages: { y2014_2018: number; y2019_2021: number; y2022_2024: number; y2025: number };
  /** The year the coverage ends in, and its count projected to the whole year. */
  current_year: { year: number; count: number; through: string; elapsed_pct: number; projected: number };
  per_quarter: { quarter: string; start: string; count: number }[];
  duration_by_year: Record<string, DurationQuantiles>;
  /**
   * Impact shares per period: one per year from 2019, a year with an impact-level change split into
   * `<year> old levels` and `<year> new levels`.
   */
  impact_mix: { period: string; impact: string; count: number; share_pct: number }[];
  /** The latest impact-level change inside the data, or null when the data has none. */
  impact_change: ImpactChange | null;
  top_components: { name: string; count: number; azure_native: boolean }[];
  azure: {
    since: string;
    total: number;
    native: number;
    native_pct: number;
    mixed: number;
    touching: number;
    touching_pct: number;
    core: number;
    core_pct: number;
    unattributed: number;
    unattributed_pct: number;
    by_service: Record<string, number>;
    per_year: { year: number; class: ServiceClass; count: number }[];
  };
  by_class_yearly_average: Record<Sides, { y2019_2021: number; y2022_2024: number; y2025: number }>;
  by_year: Record<string, Record<Sides | 'total' | 'native_pct' | 'core_pct', number>>;
  recent_quarters: { previous_year_average: number; current: Record<string, number> };
  growth: { y2025_vs_2014_2018: number; projected_vs_previous_year: number };
  published: typeof PUBLISHED;
  comparison: {
    since_ours: number;
    since_published: number;
    since_diff: number;
    years: { year: number; published: number; ours: number; diff: number }[];
    azure_native_published: number;
    azure_native_ours: number;
  };
  /** The blog inserts values as they are, so figures over 999 also come with thousands separators. */
  formatted: { incidents_total: string; since_2013_09: string; azure_total: string; published_since: string };
  events: Milestone[];
}

const DAY = 86_400_000;
const thousands = (value: number) => value.toLocaleString('en-US');

/**
 * The impact-level changes inside the data's range (events.csv `method` rows), oldest first. A year
 * that holds one is split at its first; the years after it count as new levels whole.
 */
function impactChangesIn(events: readonly Milestone[], first: string, last: string): Milestone[] {
  return events
    .filter((event) => event.kind === 'method' && event.date >= first && event.date <= last)
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** Every figure the post and the charts use, computed once. */
export function summarize({ outages, maintenance, events, coverageEnd }: SummaryInput): Summary {
  const sorted = [...outages].sort((a, b) => a.created.localeCompare(b.created));
  const endYear = Number(coverageEnd.slice(0, 4));
  const years = Array.from({ length: endYear - sorted[0]!.year + 1 }, (_, i) => sorted[0]!.year + i);
  const perYearCounts = countBy(sorted, (o) => String(o.year));
  const per_year = Object.fromEntries(years.map((year) => [String(year), perYearCounts[String(year)] ?? 0]));

  const yearStart = Date.UTC(endYear, 0, 1);
  const yearLength = Date.UTC(endYear + 1, 0, 1) - yearStart;
  const elapsed = Math.min(1, (Date.parse(coverageEnd) + DAY - yearStart) / yearLength);
  const currentCount = per_year[String(endYear)] ?? 0;
  const current_year = {
    year: endYear,
    count: currentCount,
    through: coverageEnd.slice(0, 10),
    elapsed_pct: round(elapsed * 100, 1),
    projected: Math.round(currentCount / elapsed),
  };

  const quarters = countBy(sorted, (o) => o.quarter);
  const per_quarter = Object.entries(quarters)
    .filter(([quarter]) => Number(quarter.slice(0, 4)) >= FIRST_YEAR)
    .map(([quarter, count]) => {
      const q = Number(quarter.slice(-1));
      return { quarter, start: `${quarter.slice(0, 4)}-${String(q * 3 - 2).padStart(2, '0')}-01`, count };
    });

  const span = (from: number, to: number) =>
    years.filter((y) => y >= from && y <= to).map((y) => per_year[String(y)]!);
  const mean = (values: number[]) => round(values.reduce((a, b) => a + b, 0) / values.length, 1);
  const years2014to2021 = span(2014, 2021);

  const legacy = sorted.filter((o) => o.legacy);
  const since = sorted.filter((o) => o.created >= PUBLISHED.since);

  const duration_by_year: Record<
    string,
    { n: number; p10: number; p25: number; median: number; p75: number; p90: number }
  > = {};
  for (const year of years.filter((y) => y >= RECENT_FROM)) {
    const minutes = sorted
      .filter((o) => o.year === year && !o.legacy && o.durationMinutes !== null)
      .map((o) => o.durationMinutes!)
      .sort((a, b) => a - b);
    if (minutes.length === 0) continue;
    duration_by_year[String(year)] = {
      n: minutes.length,
      p10: round(quantileSorted(minutes, 0.1)),
      p25: round(quantileSorted(minutes, 0.25)),
      median: round(quantileSorted(minutes, 0.5)),
      p75: round(quantileSorted(minutes, 0.75)),
      p90: round(quantileSorted(minutes, 0.9)),
    };
  }

  const changes = impactChangesIn(events, sorted[0]!.created.slice(0, 10), coverageEnd.slice(0, 10));
  const splitOf = new Map<number, string>();
  for (const change of changes) {
    const year = Number(change.date.slice(0, 4));
    if (!splitOf.has(year)) splitOf.set(year, change.date);
  }
  const periodOf = (o: Outage) => {
    const split = splitOf.get(o.year);
    if (split === undefined) return String(o.year);
    return o.created.slice(0, 10) < split ? `${o.year} old levels` : `${o.year} new levels`;
  };
  const recent = sorted.filter((o) => o.year >= RECENT_FROM);
  const periods = [...new Set(recent.map(periodOf))];
  const impact_mix = periods.flatMap((period) => {
    const inPeriod = recent.filter((o) => periodOf(o) === period);
    return IMPACTS.map((impact) => {
      const count = inPeriod.filter((o) => o.impact === impact).length;
      return { period, impact, count, share_pct: percent(count, inPeriod.length) };
    });
  });
  const latest = changes.at(-1);
  let impact_change: ImpactChange | null = null;
  if (latest) {
    const day = (o: Outage) => o.created.slice(0, 10);
    const changeYear = Number(latest.date.slice(0, 4));
    const before = recent.filter((o) => o.year === changeYear && day(o) < latest.date);
    const after = recent.filter((o) => day(o) >= latest.date);
    const criticalPct = (list: Outage[]) =>
      percent(list.filter((o) => o.impact === 'critical').length, list.length);
    impact_change = {
      date: latest.date,
      before_n: before.length,
      after_n: after.length,
      critical_before_pct: criticalPct(before),
      critical_after_pct: criticalPct(after),
      critical_2019_to_2025: recent.filter((o) => o.year <= 2025 && o.impact === 'critical').length,
    };
  }

  const componentCounts = countBy(
    recent.flatMap((o) => o.services),
    (s) => s,
  );
  const top_components = Object.entries(componentCounts)
    .map(([name, count]) => ({
      name,
      count,
      azure_native: (AZURE_NATIVE as readonly string[]).includes(name),
    }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, 10);

  const classCounts = (items: Outage[]) =>
    Object.fromEntries(
      CLASSES.map((c) => [c, items.filter((o) => o.serviceClass === c).length]),
    ) as ClassCounts;
  const sinceCounts = classCounts(since);
  const byService = Object.fromEntries(
    AZURE_NATIVE.map((service) => [service, since.filter((o) => o.services.includes(service)).length]),
  );
  const azure = {
    since: PUBLISHED.since,
    total: since.length,
    native: sinceCounts['azure-native'],
    native_pct: percent(sinceCounts['azure-native'], since.length),
    mixed: sinceCounts.mixed,
    touching: sinceCounts['azure-native'] + sinceCounts.mixed,
    touching_pct: percent(sinceCounts['azure-native'] + sinceCounts.mixed, since.length),
    core: sinceCounts.core,
    core_pct: percent(sinceCounts.core, since.length),
    unattributed: sinceCounts.unattributed,
    unattributed_pct: percent(sinceCounts.unattributed, since.length),
    by_service: byService,
    per_year: years
      .filter((y) => y >= RECENT_FROM)
      .flatMap((year) => {
        const inYear = sorted.filter((o) => o.year === year);
        const counts = classCounts(inYear);
        return CLASSES.map((c) => ({ year, class: c, count: counts[c] }));
      }),
  };
  // Yearly averages per side, so growth in the core platform and in Azure-native services compare.
  const classAverage = (c: ServiceClass, from: number, to: number) =>
    round(
      sorted.filter((o) => o.year >= from && o.year <= to && o.serviceClass === c).length / (to - from + 1),
      1,
    );
  const sides: Record<Sides, ServiceClass> = {
    native: 'azure-native',
    mixed: 'mixed',
    core: 'core',
    unattributed: 'unattributed',
  };
  const by_class_yearly_average = Object.fromEntries(
    Object.entries(sides).map(([key, c]) => [
      key,
      {
        y2019_2021: classAverage(c, 2019, 2021),
        y2022_2024: classAverage(c, 2022, 2024),
        y2025: classAverage(c, 2025, 2025),
      },
    ]),
  ) as Summary['by_class_yearly_average'];
  const by_year: Summary['by_year'] = Object.fromEntries(
    years
      .filter((y) => y >= RECENT_FROM)
      .map((year) => {
        const inYear = sorted.filter((o) => o.year === year);
        const count = (side: Sides) => inYear.filter((o) => o.serviceClass === sides[side]).length;
        const entry = {
          total: inYear.length,
          native: count('native'),
          mixed: count('mixed'),
          core: count('core'),
          unattributed: count('unattributed'),
          native_pct: percent(count('native'), inYear.length),
          core_pct: percent(count('core'), inYear.length),
        };
        return [String(year), entry];
      }),
  );
  const previousYearQuarters = per_quarter.filter((q) => q.quarter.startsWith(String(endYear - 1)));
  const recent_quarters = {
    previous_year_average: round(
      previousYearQuarters.reduce((a, q) => a + q.count, 0) / Math.max(1, previousYearQuarters.length),
      1,
    ),
    current: Object.fromEntries(
      per_quarter
        .filter((q) => q.quarter.startsWith(String(endYear)))
        .map((q) => [q.quarter.slice(-2), q.count]),
    ),
  };

  const ours = { since: since.length, per_year };
  const comparison = {
    since_ours: ours.since,
    since_published: PUBLISHED.incidents_since,
    since_diff: ours.since - PUBLISHED.incidents_since,
    years: Object.entries(PUBLISHED.per_year).map(([year, published]) => ({
      year: Number(year),
      published,
      ours: per_year[year] ?? 0,
      diff: (per_year[year] ?? 0) - published,
    })),
    azure_native_published: PUBLISHED.azure_native,
    azure_native_ours: azure.native,
  };

  return {
    coverage: { first: sorted[0]!.created.slice(0, 10), last: coverageEnd.slice(0, 10) },
    incidents_total: sorted.length,
    maintenance_excluded: maintenance,
    since_2013_09: since.length,
    legacy: {
      count: legacy.length,
      before_2019: legacy.filter((o) => o.year < 2019).length,
      with_span: legacy.filter((o) => o.durationMinutes !== null).length,
    },
    per_year,
    range_2014_2021: { min: Math.min(...years2014to2021), max: Math.max(...years2014to2021) },
    averages: {
      y2014_2018: mean(span(2014, 2018)),
      y2019_2021: mean(span(2019, 2021)),
      y2022_2024: mean(span(2022, 2024)),
      y2025: per_year['2025'] ?? 0,
    },
    current_year,
    per_quarter,
    duration_by_year,
    impact_mix,
    impact_change,
    top_components,
    azure,
    by_class_yearly_average,
    by_year,
    recent_quarters,
    growth: {
      y2025_vs_2014_2018: round((per_year['2025'] ?? 0) / mean(span(2014, 2018)), 1),
      projected_vs_previous_year: round(
        current_year.projected / Math.max(1, per_year[String(endYear - 1)] ?? 0),
        2,
      ),
    },
    published: PUBLISHED,
    comparison,
    formatted: {
      incidents_total: thousands(sorted.length),
      since_2013_09: thousands(since.length),
      azure_total: thousands(azure.total),
      published_since: thousands(PUBLISHED.incidents_since),
    },
    events,
  };
}
