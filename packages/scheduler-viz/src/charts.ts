import uPlot from 'uplot';
import { familyCss } from './colors.ts';
import type { LoadedRun } from './loader.ts';

interface ChartSpec {
  title: string;
  /** Series from one run: label and per-round values (y already in display units). */
  series: (run: LoadedRun) => { label: string; values: ArrayLike<number> }[];
  /** Y axis label. */
  unit: string;
}

const HOUR = 3600;

const percent = (values: Float64Array | undefined) =>
  values ? Float64Array.from(values, (v) => v * 100) : new Float64Array(0);
const hours = (values: Float64Array | undefined) =>
  values ? Float64Array.from(values, (v) => v / HOUR) : new Float64Array(0);

const CHARTS: ChartSpec[] = [
  {
    title: 'Utilization',
    unit: '%',
    series: (run) => [
      { label: 'all', values: percent(run.file.metric('utilization')) },
      ...run.file.header.gpuTypes.map((t) => ({
        label: t,
        values: percent(run.file.metric(`utilization_${t}`)),
      })),
    ],
  },
  {
    title: 'JCT, moving average of the last 100 completions',
    unit: 'h',
    series: (run) => [
      { label: 'moving avg', values: hours(run.derived.movingAvgJct) },
      { label: 'avg so far', values: hours(run.file.metric('avg_jct')) },
    ],
  },
  {
    title: 'Queue and arrivals',
    unit: 'jobs',
    series: (run) => [
      { label: 'queued', values: run.file.metric('queued') ?? [] },
      { label: 'running', values: run.file.metric('running') ?? [] },
      { label: 'arrivals', values: run.file.metric('arrivals') ?? [] },
    ],
  },
  {
    // The rate (fragmented share of idle GPUs) compares across clusters; the amount is in the panel.
    title: 'Fragmentation rate (share of idle GPUs)',
    unit: '%',
    series: (run) => [
      { label: 'fragmentation rate', values: percent(run.file.metric('fragmentation_rate')) },
    ],
  },
  {
    title: 'Pending GPU demand by scale factor',
    unit: 'GPUs',
    series: (run) =>
      [1, 2, 4, 8].map((sf) => ({
        label: `sf ${sf}`,
        values: run.file.metric(`pending_demand_sf${sf}`) ?? [],
      })),
  },
];

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/**
 * The uPlot charts. Built once per loaded run set; scrubbing only moves each chart's cursor
 * (setCursor is a binary search plus a DOM move), never redraws the series.
 */
export class Charts {
  readonly element: HTMLElement;
  #plots: uPlot[] = [];
  #cdf: uPlot | undefined;
  onPick: ((time: number) => void) | undefined;
  #time = 0;

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'gv-charts';
  }

  build(runs: LoadedRun[]): void {
    this.destroy();
    this.element.innerHTML = '';
    // Two charts side by side when there is room, else one per row.
    const available = this.element.clientWidth || 1100;
    const width = Math.max(280, Math.min(560, Math.floor(available / 2) - 12));
    const axisColour = () => cssVar('--gv-fg', '#222');
    const gridColour = () => cssVar('--gv-gridline', '#e3e3e3');
    const axes = (unit: string, xLabel: string): uPlot.Axis[] => [
      {
        stroke: axisColour,
        grid: { stroke: gridColour, width: 1 },
        ticks: { stroke: gridColour },
        label: xLabel,
      },
      {
        stroke: axisColour,
        grid: { stroke: gridColour, width: 1 },
        ticks: { stroke: gridColour },
        label: unit,
        size: 50,
      },
    ];
    for (const spec of CHARTS) {
      const tables: uPlot.AlignedData[] = [];
      const series: uPlot.Series[] = [
        { label: 'time (h)', value: (_u, v) => (v == null ? '–' : `${v.toFixed(2)} h`) },
      ];
      runs.forEach((run, r) => {
        const x = Float64Array.from(run.file.roundTimes, (t) => t / HOUR);
        const list = spec.series(run);
        tables.push([
          x,
          ...list.map((s) => Array.from(s.values, (v) => (Number.isFinite(v) ? v : null))),
        ] as uPlot.AlignedData);
        list.forEach((s, i) => {
          series.push({
            label: runs.length > 1 ? `${s.label} (${r === 0 ? 'A' : 'B'})` : s.label,
            stroke: familyCss(i),
            width: 1.5,
            dash: r === 1 ? [6, 4] : undefined,
            spanGaps: true,
            points: { show: false },
            value: (_u, v) => (v == null ? '–' : v.toFixed(2)),
          });
        });
      });
      const data = tables.length === 1 ? tables[0]! : uPlot.join(tables);
      const plot = new uPlot(
        {
          title: spec.title,
          width,
          height: 180,
          series,
          axes: axes(spec.unit, 'simulated time (h)'),
          scales: { x: { time: false } },
          cursor: { drag: { x: false, y: false }, points: { show: false } },
          legend: { live: true },
          // The first cursor placement has to wait until uPlot has sized the plot.
          hooks: { ready: [(u) => this.#place(u)] },
        },
        data,
        this.#frame(),
      );
      plot.over.addEventListener('click', () => {
        if (plot.cursor.left !== undefined && plot.cursor.left >= 0)
          this.onPick?.(plot.posToVal(plot.cursor.left, 'x') * HOUR);
      });
      plot.over.addEventListener('mouseleave', () => this.#place(plot));
      this.#plots.push(plot);
    }
    this.#buildCdf(runs, width, axes);
  }

  #frame(): HTMLElement {
    const frame = document.createElement('div');
    frame.className = 'gv-chart';
    this.element.append(frame);
    return frame;
  }

  #buildCdf(runs: LoadedRun[], width: number, axes: (unit: string, x: string) => uPlot.Axis[]): void {
    // The CDF has its own x (JCT); sample each run at 200 quantiles so both share one x array.
    const tables: uPlot.AlignedData[] = runs.map((run) => {
      const sorted = run.derived.jctSorted;
      const steps = Math.min(200, sorted.length);
      const x: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < steps; i++) {
        const k = Math.min(sorted.length - 1, Math.round(((i + 1) / steps) * sorted.length) - 1);
        x.push(sorted[k]! / HOUR);
        y.push((k + 1) / sorted.length);
      }
      return [x, y];
    });
    const data = tables.length === 1 ? tables[0]! : uPlot.join(tables);
    this.#cdf = new uPlot(
      {
        title: 'JCT CDF (completed jobs)',
        width,
        height: 180,
        series: [
          { label: 'JCT (h)' },
          ...runs.map((_, r) => ({
            label: runs.length > 1 ? `fraction (${r === 0 ? 'A' : 'B'})` : 'fraction',
            stroke: familyCss(0),
            width: 1.5,
            dash: r === 1 ? [6, 4] : undefined,
            spanGaps: true,
            points: { show: false },
          })),
        ],
        axes: axes('fraction', 'JCT (h)'),
        scales: { x: { time: false } },
      },
      data,
      this.#frame(),
    );
  }

  /** Lock every time chart's cursor to a simulated time. */
  setTime(time: number): void {
    this.#time = time;
    for (const plot of this.#plots) this.#place(plot);
  }

  #place(plot: uPlot): void {
    const left = plot.valToPos(this.#time / HOUR, 'x');
    if (Number.isFinite(left)) plot.setCursor({ left, top: 1 }, false);
  }

  /** Theme change: axes read their colours from CSS at draw time, so a redraw is enough. */
  redraw(): void {
    for (const plot of [...this.#plots, ...(this.#cdf ? [this.#cdf] : [])]) plot.redraw(false, true);
  }

  destroy(): void {
    for (const plot of this.#plots) plot.destroy();
    this.#cdf?.destroy();
    this.#plots = [];
    this.#cdf = undefined;
  }
}
