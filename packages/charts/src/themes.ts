import type { Config } from 'vega-lite';

export type ChartTheme = 'light' | 'dark';

/** The one font both SVG text and the PNG rasteriser know, so output is identical on every machine. */
export const CHART_FONT = 'DejaVu Sans';

interface Palette {
  background: string;
  text: string;
  muted: string;
  grid: string;
  domain: string;
  categories: string[];
}

// Categorical colours chosen to keep >= 3:1 contrast against both backgrounds.
const PALETTES: Record<ChartTheme, Palette> = {
  light: {
    background: '#ffffff',
    text: '#1f2937',
    muted: '#4b5563',
    grid: '#e5e7eb',
    domain: '#9ca3af',
    categories: [
      '#2563eb',
      '#dc2626',
      '#059669',
      '#d97706',
      '#7c3aed',
      '#db2777',
      '#0891b2',
      '#65a30d',
      '#475569',
    ],
  },
  dark: {
    background: '#111827',
    text: '#f3f4f6',
    muted: '#d1d5db',
    grid: '#374151',
    domain: '#6b7280',
    categories: [
      '#60a5fa',
      '#f87171',
      '#34d399',
      '#fbbf24',
      '#a78bfa',
      '#f472b6',
      '#22d3ee',
      '#a3e635',
      '#cbd5e1',
    ],
  },
};

export function themeConfig(theme: ChartTheme): Config {
  const p = PALETTES[theme];
  return {
    background: p.background,
    font: CHART_FONT,
    padding: 12,
    view: { stroke: null },
    title: { color: p.text, fontSize: 15, fontWeight: 'bold', anchor: 'start', subtitleColor: p.muted },
    axis: {
      labelColor: p.muted,
      titleColor: p.text,
      gridColor: p.grid,
      domainColor: p.domain,
      tickColor: p.domain,
      labelFontSize: 11,
      titleFontSize: 12,
    },
    // Unencoded legend symbols (shape legends) would otherwise be drawn black on the dark page.
    legend: {
      labelColor: p.muted,
      titleColor: p.text,
      labelFontSize: 11,
      titleFontSize: 12,
      symbolFillColor: p.muted,
      symbolStrokeColor: p.muted,
    },
    header: { labelColor: p.text, titleColor: p.text },
    text: { color: p.text },
    rule: { color: p.muted },
    range: { category: p.categories },
    mark: { color: p.categories[0] },
  };
}
