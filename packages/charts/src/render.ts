import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CHART_FONT, type ChartTheme, themeConfig } from './themes.ts';

export type { TopLevelSpec } from 'vega-lite';

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((f) =>
  join(fontDir, f),
);

export interface RenderOptions {
  theme?: ChartTheme;
  /** PNG pixels per SVG pixel; 2 keeps text sharp on high-density screens. */
  scale?: number;
}

export interface RenderedChart {
  svg: string;
  png: Uint8Array;
}

export class ChartRenderError extends Error {
  override name = 'ChartRenderError';
}

/**
 * Vega-Lite spec -> SVG and PNG. The spec's own `config` wins over the theme, so a chart can
 * still override a colour. No system fonts are read: output is byte-identical across machines.
 */
export async function renderChart(spec: TopLevelSpec, options: RenderOptions = {}): Promise<RenderedChart> {
  const theme = options.theme ?? 'light';
  let runtime: vega.Spec;
  try {
    runtime = compile(spec, { config: themeConfig(theme) }).spec;
  } catch (error) {
    const title = typeof spec.title === 'string' ? ` "${spec.title}"` : '';
    throw new ChartRenderError(
      `chart${title}: Vega-Lite could not compile the spec: ${(error as Error).message}`,
    );
  }
  const view = new vega.View(vega.parse(runtime), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: options.scale ?? 2 },
      font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: CHART_FONT },
    })
      .render()
      .asPng();
    return { svg, png: new Uint8Array(png) };
  } finally {
    view.finalize();
  }
}
