export {
  ChartRenderError,
  type RenderedChart,
  type RenderOptions,
  renderChart,
  type TopLevelSpec,
} from './render.ts';
export { CHART_FONT, type ChartTheme, themeConfig } from './themes.ts';
export { chartFiles, type WriteAnalysisOptions, writeAnalysis, writeChart } from './write.ts';
