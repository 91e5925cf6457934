import type { TopLevelSpec } from 'charts';
import type { Summary } from './summarize.ts';

// Colours come from the charts theme (light or dark); specs only pick categories and opacity,
// so the same spec reads well on both page themes.
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 640;
const HEIGHT = 300;

export function incidentsPerYear(summary: Summary): TopLevelSpec {
  const { year, count, projected } = summary.current_year;
  const values = Object.entries(summary.per_year)
    .filter(([y]) => Number(y) >= 2013)
    .flatMap(([y, n]) =>
      Number(y) === year
        ? [
            { year: y, part: 'reported', count: n },
            { year: y, part: 'projected', count: projected - count },
          ]
        : [{ year: y, part: 'reported', count: n }],
    );
  return {
    $schema: SCHEMA,
    title: {
      text: 'GitHub incidents per year',
      subtitle: `${year} projected from ${count} incidents through ${summary.current_year.through}; 2013-2018 come from a bulk import`,
    },
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', stroke: null },
        encoding: {
          x: { field: 'year', type: 'ordinal', title: null, axis: { labelAngle: 0 } },
          y: { field: 'count', type: 'quantitative', stack: 'zero', title: 'incidents' },
          order: { field: 'part', sort: 'descending' },
          opacity: {
            field: 'part',
            type: 'ordinal',
            scale: { domain: ['reported', 'projected'], range: [1, 0.35] },
            legend: { title: null, orient: 'top-left' },
          },
        },
      },
      {
        transform: [{ aggregate: [{ op: 'sum', field: 'count', as: 'total' }], groupby: ['year'] }],
        mark: { type: 'text', dy: -6, fontSize: 10 },
        encoding: {
          x: { field: 'year', type: 'ordinal' },
          y: { field: 'total', type: 'quantitative' },
          text: { field: 'total', type: 'quantitative' },
        },
      },
    ],
  };
}

export function incidentsPerQuarter(summary: Summary): TopLevelSpec {
  const events = summary.events
    .filter((event) => event.kind !== 'method')
    .map((event, index) => ({ ...event, row: index % 2 }));
  return {
    $schema: SCHEMA,
    title: {
      text: 'GitHub incidents per quarter, with launches and Azure milestones',
      subtitle: `Quarters from 2013; the last quarter runs to ${summary.current_year.through}`,
    },
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: summary.per_quarter },
        mark: { type: 'bar', width: { band: 0.9 } },
        encoding: {
          x: {
            field: 'start',
            type: 'temporal',
            timeUnit: 'yearquarter',
            title: null,
            axis: { format: '%Y', tickCount: 'year' },
          },
          y: { field: 'count', type: 'quantitative', title: 'incidents per quarter' },
        },
      },
      {
        data: { values: events },
        mark: { type: 'rule', strokeDash: [4, 3] },
        encoding: {
          x: { field: 'date', type: 'temporal' },
          color: {
            field: 'kind',
            type: 'nominal',
            scale: { domain: ['launch', 'azure'] },
            legend: { title: null, orient: 'top-left' },
          },
        },
      },
      {
        data: { values: events },
        mark: { type: 'text', angle: 270, align: 'right', baseline: 'bottom', dx: -4, fontSize: 10 },
        encoding: {
          x: { field: 'date', type: 'temporal' },
          y: { value: 0 },
          text: { field: 'label' },
          color: { field: 'kind', type: 'nominal' },
        },
      },
    ],
  };
}

export function durationByYear(summary: Summary): TopLevelSpec {
  const values = Object.entries(summary.duration_by_year).map(([year, d]) => ({ year, ...d }));
  const x = { field: 'year', type: 'ordinal' as const, title: null, axis: { labelAngle: 0 } };
  const y = { type: 'quantitative' as const, scale: { type: 'log' as const }, title: 'minutes (log scale)' };
  return {
    $schema: SCHEMA,
    title: {
      text: 'How long GitHub incidents last, from 2019',
      subtitle: [
        'Median (line), middle half (box), 10th to 90th percentile (whisker).',
        'Incidents before 2019 were bulk-imported with no real duration.',
      ],
    },
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      { mark: { type: 'rule' }, encoding: { x, y: { field: 'p10', ...y }, y2: { field: 'p90' } } },
      {
        mark: { type: 'bar', size: 28, opacity: 0.45 },
        encoding: { x, y: { field: 'p25', ...y }, y2: { field: 'p75' } },
      },
      {
        mark: { type: 'tick', size: 28, thickness: 3 },
        encoding: { x, y: { field: 'median', ...y } },
      },
      {
        mark: { type: 'text', dx: 22, align: 'left', fontSize: 10 },
        encoding: {
          x,
          y: { field: 'median', ...y },
          text: { field: 'median', type: 'quantitative', format: 'd' },
        },
      },
    ],
  };
}

export function impactMix(summary: Summary): TopLevelSpec {
  const change = summary.impact_change;
  return {
    $schema: SCHEMA,
    title: {
      text: 'Impact levels of GitHub incidents',
      subtitle: change
        ? `Share of each year's incidents; GitHub changed its impact levels on ${change.date}, so ${change.date.slice(0, 4)} is split there`
        : "Share of each year's incidents",
    },
    width: WIDTH,
    height: HEIGHT,
    data: { values: summary.impact_mix },
    mark: { type: 'bar' },
    encoding: {
      x: {
        field: 'period',
        type: 'ordinal',
        title: null,
        sort: null,
        axis: { labelAngle: 0, labelExpr: "split(datum.label, ' ')" },
      },
      y: {
        field: 'count',
        type: 'quantitative',
        stack: 'normalize',
        title: 'share of incidents',
        axis: { format: '%' },
      },
      color: {
        field: 'impact',
        type: 'nominal',
        // Statuspage's own impact colours, mid-tones that read on light and dark pages.
        scale: {
          domain: ['none', 'minor', 'major', 'critical'],
          range: ['#94a3b8', '#eab308', '#f97316', '#dc2626'],
        },
        legend: { title: 'impact', orient: 'right' },
      },
      order: { field: 'impact', sort: 'ascending' },
    },
  };
}

export function topComponents(summary: Summary): TopLevelSpec {
  const values = summary.top_components.map((c) => ({
    ...c,
    side: c.azure_native ? 'Azure-native' : 'core platform',
  }));
  return {
    $schema: SCHEMA,
    title: {
      text: 'Most affected GitHub services since 2019',
      subtitle: 'Incidents naming the service in their components (or, without components, in their title)',
    },
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'name', type: 'nominal', sort: '-x', title: null },
      x: { field: 'count', type: 'quantitative', title: 'incidents' },
      color: {
        field: 'side',
        type: 'nominal',
        scale: { domain: ['Azure-native', 'core platform'] },
        legend: { title: null, orient: 'bottom-right' },
      },
    },
  };
}

export function azureShare(summary: Summary): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: {
      text: 'Azure-native services versus the core platform',
      subtitle: 'Actions, Codespaces and Copilot ran on Azure from launch; mixed incidents hit both sides',
    },
    width: WIDTH,
    height: HEIGHT,
    data: { values: summary.azure.per_year.map((row) => ({ ...row, year: String(row.year) })) },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: null, axis: { labelAngle: 0 } },
      y: { field: 'count', type: 'quantitative', title: 'incidents' },
      color: {
        field: 'class',
        type: 'nominal',
        scale: { domain: ['azure-native', 'mixed', 'core', 'unattributed'] },
        legend: { title: null, orient: 'top-left' },
      },
      order: { field: 'class', sort: 'ascending' },
    },
  };
}

/** Every chart of the post, by file name. */
export function chartSpecs(summary: Summary): Record<string, TopLevelSpec> {
  return {
    'incidents-per-year': incidentsPerYear(summary),
    'incidents-per-quarter': incidentsPerQuarter(summary),
    'duration-by-year': durationByYear(summary),
    'impact-mix': impactMix(summary),
    'top-components': topComponents(summary),
    'azure-share': azureShare(summary),
  };
}
