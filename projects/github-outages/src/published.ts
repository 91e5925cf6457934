/** The figures the users published for this question, to compare ours against. */
export const PUBLISHED = {
  since: '2013-09-01',
  incidents_since: 1234,
  per_year_2014_2021: { min: 40, max: 91 },
  per_year: { 2022: 136, 2023: 165, 2025: 207 } as Record<string, number>,
  azure_native: 304,
  azure_native_share_pct: 25,
};
