import type { Observation, ResultsTable } from 'scheduler/results';
import uPlot from 'uplot';
// The dev server's listing entry; a type-only import, so no server code reaches the browser.
import type { ListedSweep } from '../server/sweeps.ts';
import { familyCss, familyCssAlpha } from './colors.ts';
import { escapeHtml } from './format-values.ts';
import {
  buildPlot,
  metricChoices,
  nearestPoint,
  playerHref,
  pointDetails,
  type ResultsPlot,
  statusLine,
} from './results-model.ts';

export interface DrawFigures {
  sweep: string;
  observations: number;
  /** Fetching (and the server reading) the results table. */
  fetchMs: number;
  /** Aggregating and drawing the chart, until the frame after it. */
  drawMs: number;
}

function cssVar(element: Element, name: string, fallback: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
}

/**
 * The Results view: pick a sweep and a metric, see mean ± sd per series against the swept x with
 * the reference curves dashed, hover for a point's numbers, click to open its run in the player.
 * Everything it shows comes from results-model.ts; this class only puts it on the page.
 */
export class ResultsView {
  readonly element: HTMLElement;
  /** Called with the player URL of a clicked point; the viewer navigates there. */
  onOpenRun: ((href: string) => void) | undefined;
  /** Called when the sweep or the metric changes, to keep the page URL in step. */
  onState: ((state: { sweep?: string; metric?: string }) => void) | undefined;
  #endpoint: string;
  #sweeps: ListedSweep[] = [];
  #table: ResultsTable | undefined;
  #sweep: string | undefined;
  #metric: string | undefined;
  #plot: ResultsPlot | undefined;
  #chart: uPlot | undefined;
  #hover: { series: number; index: number } | undefined;
  #lastDraw: DrawFigures | undefined;
  #error: string | undefined;
  #$ = <T extends HTMLElement>(selector: string) => this.element.querySelector<T>(selector)!;

  constructor(endpoint = '/@gpuviz') {
    this.#endpoint = endpoint;
    this.element = document.createElement('div');
    this.element.className = 'gv-results';
    this.element.innerHTML = `
      <div class="gv-results-bar">
        <label>sweep <select class="gv-sweep"><option value="">…</option></select></label>
        <label>metric <select class="gv-metric"></select></label>
        <span class="gv-results-status gv-muted" aria-live="polite"></span>
      </div>
      <div class="gv-results-error" role="alert" hidden></div>
      <div class="gv-results-chart"></div>
      <div class="gv-results-legend"></div>
      <div class="gv-results-notice" role="status" hidden></div>
      <div class="gv-results-tip" hidden></div>`;
    this.#$<HTMLSelectElement>('.gv-sweep').addEventListener('change', (event) => {
      const key = (event.target as HTMLSelectElement).value;
      if (key) void this.open(key);
    });
    this.#$<HTMLSelectElement>('.gv-metric').addEventListener('change', (event) =>
      this.setMetric((event.target as HTMLSelectElement).value),
    );
  }

  get sweep(): string | undefined {
    return this.#sweep;
  }
  get metric(): string | undefined {
    return this.#metric;
  }
  get lastDraw(): DrawFigures | undefined {
    return this.#lastDraw;
  }
  get error(): string | undefined {
    return this.#error;
  }
  get plot(): ResultsPlot | undefined {
    return this.#plot;
  }

  async list(): Promise<ListedSweep[]> {
    try {
      const response = await fetch(`${this.#endpoint}/sweeps`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.#sweeps = (await response.json()) as ListedSweep[];
    } catch (error) {
      this.#showError(`No sweep list (${String(error)}).`);
      return [];
    }
    const select = this.#$<HTMLSelectElement>('.gv-sweep');
    select.innerHTML =
      `<option value="">${this.#sweeps.length ? 'pick a sweep' : 'no sweeps found'}</option>` +
      this.#sweeps
        .map(
          (s) =>
            `<option value="${escapeHtml(s.key)}"${s.key === this.#sweep ? ' selected' : ''}${s.error ? ' disabled' : ''}>${escapeHtml(s.name)} · ${s.runs} ${s.kind === 'results' ? 'observations' : 'runs'} · ${escapeHtml(s.key)}${s.error ? ' (unreadable)' : ''}</option>`,
        )
        .join('');
    return this.#sweeps;
  }

  async open(key: string, metric?: string): Promise<void> {
    this.#sweep = key;
    this.#$<HTMLSelectElement>('.gv-sweep').value = key;
    this.#status(`Loading ${key}…`);
    const started = performance.now();
    let table: ResultsTable;
    try {
      const response = await fetch(`${this.#endpoint}/sweep/${encodeURIComponent(key)}`);
      if (!response.ok) throw new Error(`${key}: ${(await response.text()) || `HTTP ${response.status}`}`);
      table = (await response.json()) as ResultsTable;
    } catch (error) {
      this.#showError(error instanceof Error ? error.message : String(error));
      return;
    }
    const fetched = performance.now();
    this.#showError(undefined);
    this.#table = table;
    const choices = metricChoices(table);
    this.#metric = metric && choices.includes(metric) ? metric : choices[0];
    this.#$<HTMLSelectElement>('.gv-metric').innerHTML = choices
      .map((m) => `<option${m === this.#metric ? ' selected' : ''}>${escapeHtml(m)}</option>`)
      .join('');
    this.#draw();
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    this.#lastDraw = {
      sweep: key,
      observations: table.observations.length,
      fetchMs: fetched - started,
      drawMs: performance.now() - fetched,
    };
    this.#status(statusLine(table, this.#plot?.series.length ?? 0, this.#lastDraw.drawMs));
    this.onState?.({ sweep: key, ...(this.#metric ? { metric: this.#metric } : {}) });
  }

  setMetric(metric: string): void {
    if (!this.#table?.metrics.includes(metric)) return;
    this.#metric = metric;
    this.#$<HTMLSelectElement>('.gv-metric').value = metric;
    this.#draw();
    this.onState?.({ ...(this.#sweep ? { sweep: this.#sweep } : {}), metric });
  }

  /** Viewport position of a series' point, for tests and for linking. */
  pointAt(series: number, index: number): { x: number; y: number } | undefined {
    const chart = this.#chart;
    const value = this.#plot?.series[series]?.mean[index];
    if (!chart || value === null || value === undefined) return undefined;
    const rect = chart.over.getBoundingClientRect();
    return {
      x: rect.left + chart.valToPos(this.#plot!.xs[index]!, 'x'),
      y: rect.top + chart.valToPos(value, 'y'),
    };
  }

  /** Redraw with the theme's colours (axes read them at draw time). */
  redraw(): void {
    this.#chart?.redraw(false, true);
  }

  destroy(): void {
    this.#chart?.destroy();
    this.#chart = undefined;
  }

  #draw(): void {
    if (!this.#table || !this.#metric) return;
    const plot = buildPlot(this.#table, this.#metric);
    this.#plot = plot;
    this.#chart?.destroy();
    this.#hideTip();
    const frame = this.#$('.gv-results-chart');
    frame.innerHTML = '';
    const data: (number | null)[][] = [plot.xs];
    const series: uPlot.Series[] = [{ label: plot.xLabel }];
    const bands: uPlot.Band[] = [];
    for (const s of plot.series) {
      data.push(s.mean);
      series.push({
        label: s.label,
        stroke: familyCss(s.colour),
        width: 2,
        // uPlot's default: markers while they have room (a sweep's few loads), none on a dense
        // curve (FGD's point per arrived %), where they would hide the line.
        points: { size: 7, fill: familyCss(s.colour) },
      });
      const upper = data.push(s.upper) - 1;
      const lower = data.push(s.lower) - 1;
      for (const label of ['+1 sd', '-1 sd'])
        series.push({
          label: `${s.label} ${label}`,
          stroke: 'transparent',
          width: 0,
          points: { show: false },
        });
      bands.push({ series: [upper, lower], fill: familyCssAlpha(s.colour, 0.18) });
    }
    for (const c of plot.curves) {
      if (c.lower && c.upper) {
        const upper = data.push(c.upper) - 1;
        const lower = data.push(c.lower) - 1;
        for (const label of ['upper', 'lower'])
          series.push({
            label: `${c.name} ${label}`,
            stroke: 'transparent',
            width: 0,
            points: { show: false },
          });
        bands.push({ series: [upper, lower], fill: familyCssAlpha(c.colour, 0.08) });
      }
      data.push(c.y);
      series.push({
        label: c.name,
        stroke: familyCss(c.colour),
        width: 1.5,
        dash: [7, 5],
        spanGaps: true,
        points: { show: true, size: 4, fill: 'transparent' },
      });
    }
    const axis = (label: string): uPlot.Axis => ({
      stroke: () => cssVar(this.element, '--gv-fg', '#222'),
      grid: { stroke: () => cssVar(this.element, '--gv-gridline', '#e3e3e3'), width: 1 },
      ticks: { stroke: () => cssVar(this.element, '--gv-gridline', '#e3e3e3') },
      label,
    });
    const width = Math.max(420, Math.min(1100, (this.element.clientWidth || 1000) - 24));
    this.#chart = new uPlot(
      {
        width,
        height: 420,
        series,
        bands,
        axes: [axis(plot.xLabel), { ...axis(plot.yLabel), size: 60 }],
        scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.min(0, min), max * 1.05 || 1] } },
        // Dragging across x zooms into that range (y follows the data in it), a double click zooms
        // out; uPlot swallows the click that ends a drag, so it opens no run.
        cursor: { drag: { x: true, y: false, dist: 5 }, points: { show: false } },
        legend: { show: false },
      },
      data as uPlot.AlignedData,
      frame,
    );
    const over = this.#chart.over;
    over.addEventListener('mousemove', (event) => this.#onMove(event));
    over.addEventListener('mouseleave', () => this.#hideTip());
    over.addEventListener('click', (event) => this.#onClick(event));
    this.#legend(plot);
  }

  #hit(event: MouseEvent): { series: number; index: number } | undefined {
    const chart = this.#chart;
    const plot = this.#plot;
    if (!chart || !plot) return undefined;
    const rect = chart.over.getBoundingClientRect();
    return nearestPoint(plot, { x: event.clientX - rect.left, y: event.clientY - rect.top }, (i, v) => ({
      x: chart.valToPos(plot.xs[i]!, 'x'),
      y: chart.valToPos(v, 'y'),
    }));
  }

  #onMove(event: MouseEvent): void {
    const hit = this.#hit(event);
    if (!hit || !this.#plot || !this.#table) {
      this.#hideTip();
      return;
    }
    this.#hover = hit;
    const details = pointDetails(this.#plot, this.#table, hit.series, hit.index)!;
    const tip = this.#$('.gv-results-tip');
    const href = details.open ? playerHref(details.open) : undefined;
    const hint = href
      ? `click: open ${escapeHtml(details.open!.run!.name)} in the player`
      : details.open?.run?.regenerate
        ? `${escapeHtml(details.open.run.name)}: run file not on disk; click for the command that makes it`
        : 'no run file to open';
    tip.innerHTML = `<div class="gv-tip-title" data-series="${hit.series}" data-index="${hit.index}">${escapeHtml(details.title)}</div>${details.lines
      .map((line) => `<div>${escapeHtml(line)}</div>`)
      .join('')}<div class="gv-muted">${hint}</div>`;
    tip.hidden = false;
    const host = this.element.getBoundingClientRect();
    tip.style.left = `${event.clientX - host.left + 14}px`;
    tip.style.top = `${event.clientY - host.top + 14}px`;
  }

  #onClick(event: MouseEvent): void {
    const hit = this.#hit(event) ?? this.#hover;
    if (!hit || !this.#plot || !this.#table) return;
    const details = pointDetails(this.#plot, this.#table, hit.series, hit.index);
    const href = details?.open ? playerHref(details.open) : undefined;
    if (href) this.onOpenRun?.(href);
    else if (details?.open?.run?.regenerate) void this.#openMissing(details.open);
  }

  /**
   * A run whose file was not on disk when the sweep loaded: ask the server again (the user may
   * have made it since) and open it if it is there now; else say how to make it.
   */
  async #openMissing(observation: Observation): Promise<void> {
    const name = observation.run!.name;
    const key = this.#sweep;
    let now: Observation | undefined;
    try {
      const response = key ? await fetch(`${this.#endpoint}/sweep/${encodeURIComponent(key)}`) : undefined;
      if (response?.ok) {
        const table = (await response.json()) as ResultsTable;
        now = table.observations.find((o) => o.run?.name === name);
        if (now?.run?.url) {
          this.#table = table;
          this.#notice(undefined);
          const href = playerHref(now);
          if (href) this.onOpenRun?.(href);
          return;
        }
      }
    } catch {
      // Fall through to the notice: the command is still the way to get the file.
    }
    const command = now?.run?.regenerate ?? observation.run!.regenerate!;
    this.#notice(
      `<div><b>${escapeHtml(name)}</b>: its run file is not on disk (this sweep was kept with its summaries only). Make it from the repository root with the command below (it reruns that one configuration; runs are deterministic), then click the point again.</div><pre><code class="gv-regenerate">${escapeHtml(command)}</code></pre>`,
    );
  }

  #notice(html: string | undefined): void {
    const box = this.#$('.gv-results-notice');
    box.hidden = !html;
    box.innerHTML = html ?? '';
  }

  #hideTip(): void {
    this.#hover = undefined;
    this.#$('.gv-results-tip').hidden = true;
  }

  #legend(plot: ResultsPlot): void {
    const item = (colour: number, label: string, dashed: boolean) =>
      `<span class="gv-legend-item"><span class="gv-swatch${dashed ? ' gv-dashed' : ''}" style="--swatch:${familyCss(colour)}"></span>${escapeHtml(label)}</span>`;
    this.#$('.gv-results-legend').innerHTML =
      plot.series.map((s) => item(s.colour, `${s.label} (mean ± 1 sd)`, false)).join('') +
      plot.curves.map((c) => item(c.colour, c.name, true)).join('');
  }

  #status(text: string): void {
    this.#$('.gv-results-status').textContent = text;
  }

  #showError(message: string | undefined): void {
    this.#error = message;
    const box = this.#$('.gv-results-error');
    box.hidden = !message;
    box.textContent = message ?? '';
  }
}
