import { cssToPixel, type JobPalette, jobPalette } from './colors.ts';
import { escapeHtml, formatDuration, formatMetric } from './format-values.ts';
import { type GridLayout, type GridShares, layoutGrid, paintGrid, paintShares } from './grid.ts';
import { historyHtml, hoverHtml } from './job-info.ts';
import type { LoadedRun } from './loader.ts';
import { QueueScanner } from './queue.ts';
import { runTags } from './tags.ts';

const QUEUE_SHOWN = 25;

/**
 * Everything shown for one run at one round: per-type bars, the GPU grid, the metrics panel,
 * the queue and the selected job. `show(round)` costs O(GPUs + active jobs); nothing in it
 * grows with the total number of jobs or rounds.
 */
export class RunPane {
  readonly element: HTMLElement;
  readonly run: LoadedRun;
  round = 0;
  selected = -1;
  cell: number;
  onSelect: ((job: number) => void) | undefined;
  #owners: Int32Array;
  /** The round's shared GPUs, for runs with fractional occupancy. */
  #shares: GridShares | undefined;
  #queueScanner: QueueScanner;
  #canvas: HTMLCanvasElement;
  #context: CanvasRenderingContext2D;
  #image: ImageData | undefined;
  #pixels: Uint32Array = new Uint32Array(0);
  #layout: GridLayout | undefined;
  #palette: JobPalette;
  #idle = 0;
  #background = 0;
  #hoverGpu = -1;
  #tooltip: HTMLElement;
  #labels: HTMLElement;
  #bars: HTMLElement;
  #barFill: HTMLElement[] = [];
  #barText: HTMLElement[] = [];
  #metricCells: HTMLElement[] = [];
  #queue: HTMLElement;
  #job: HTMLElement;
  #roundLabel: HTMLElement;

  constructor(run: LoadedRun, label: string) {
    this.run = run;
    const { file } = run;
    // Small clusters get big cells; Alibaba-scale ones start at 6 px and zoom from there.
    this.cell = file.gpuCount <= 512 ? 14 : file.gpuCount <= 2048 ? 9 : 6;
    this.#owners = new Int32Array(file.gpuCount);
    this.#queueScanner = new QueueScanner(file.jobs.id.length);
    this.#palette = jobPalette(file.jobs.id, file.jobTypeIndex, false);
    this.element = document.createElement('section');
    this.element.className = 'gv-pane';
    this.element.dataset.pane = label;
    const tags = Object.entries(runTags(file.header.config));
    this.element.innerHTML = `
      <header class="gv-pane-title"><strong>${escapeHtml(label)}</strong> ${escapeHtml(run.name)}
        <span class="gv-tags">${tags.map(([k, v]) => `<span class="gv-tag">${escapeHtml(k)}: ${escapeHtml(v)}</span>`).join('')}</span>
        <span class="gv-pane-round"></span></header>
      <div class="gv-bars"></div>
      <div class="gv-pane-body">
        <div class="gv-grid-wrap"><div class="gv-grid-labels"></div><canvas class="gv-grid"></canvas><div class="gv-tooltip" hidden></div></div>
        <div class="gv-side">
          <table class="gv-metrics"><tbody></tbody></table>
          <div class="gv-queue"></div>
        </div>
      </div>
      <div class="gv-job" hidden></div>`;
    this.#canvas = this.element.querySelector('canvas')!;
    this.#context = this.#canvas.getContext('2d', { alpha: false })!;
    this.#tooltip = this.element.querySelector('.gv-tooltip')!;
    this.#labels = this.element.querySelector('.gv-grid-labels')!;
    this.#bars = this.element.querySelector('.gv-bars')!;
    this.#queue = this.element.querySelector('.gv-queue')!;
    this.#job = this.element.querySelector('.gv-job')!;
    this.#roundLabel = this.element.querySelector('.gv-pane-round')!;
    this.#buildBars();
    this.#buildMetrics();
    this.#canvas.addEventListener('mousemove', (event) => this.#hover(event));
    this.#canvas.addEventListener('mouseleave', () => {
      this.#hoverGpu = -1;
      this.#tooltip.hidden = true;
    });
    this.#canvas.addEventListener('click', (event) => {
      const gpu = this.#gpuAt(event);
      const job = gpu >= 0 ? this.#owners[gpu]! : -1;
      this.select(job === this.selected ? -1 : job);
      this.onSelect?.(this.selected);
    });
  }

  /** Lay the grid out for the pane's width; call on mount, resize and zoom. */
  relayout(): void {
    const wrap = this.#canvas.parentElement!;
    const width = Math.max(200, Math.floor(wrap.clientWidth || 600));
    this.#layout = layoutGrid(this.run.file, width, this.cell);
    this.#canvas.width = this.#layout.width;
    this.#canvas.height = this.#layout.height;
    this.#image = this.#context.createImageData(this.#layout.width, this.#layout.height);
    this.#pixels = new Uint32Array(this.#image.data.buffer);
    this.#pixels.fill(this.#background);
    this.#labels.innerHTML = this.#layout.labels
      .map((l) => `<div class="gv-grid-label" style="left:${l.x}px;top:${l.y}px">${escapeHtml(l.text)}</div>`)
      .join('');
    this.show(this.round);
  }

  setTheme(dark: boolean): void {
    this.#palette = jobPalette(this.run.file.jobs.id, this.run.file.jobTypeIndex, dark);
    const style = getComputedStyle(this.element);
    this.#idle = cssToPixel(style.getPropertyValue('--gv-idle') || '#d0d4da');
    this.#background = cssToPixel(style.getPropertyValue('--gv-bg') || '#ffffff');
    this.#pixels.fill(this.#background);
    if (this.#layout) this.show(this.round);
  }

  select(job: number): void {
    this.selected = job;
    this.#job.hidden = job < 0;
    this.#job.innerHTML = job < 0 ? '' : historyHtml(this.run.file, job, this.#owners);
    this.#paint();
  }

  show(round: number): void {
    const { file } = this.run;
    if (file.roundCount === 0) return;
    this.round = Math.max(0, Math.min(file.roundCount - 1, round));
    file.ownersAt(this.round, this.#owners);
    this.#shares = file.hasShares ? file.sharesAt(this.round) : undefined;
    this.#paint();
    this.#updateBars();
    this.#updateMetrics();
    this.#updateQueue();
    this.#roundLabel.textContent = `round ${this.round} · ${formatDuration(file.roundTimes[this.round]!)}`;
    if (this.#hoverGpu >= 0)
      this.#tooltip.innerHTML = hoverHtml(
        file,
        this.#hoverGpu,
        this.#owners,
        this.round,
        this.run.derived.roundDuration,
        this.#shares,
      );
  }

  /** Viewport coordinates of a GPU cell's centre (scrolls it into view first). */
  gpuPoint(gpu: number): { x: number; y: number } | undefined {
    if (!this.#layout || gpu < 0 || gpu >= this.run.file.gpuCount) return undefined;
    this.#canvas.scrollIntoView({ block: 'nearest' });
    const rect = this.#canvas.getBoundingClientRect();
    const half = this.#layout.cell / 2;
    return {
      x: rect.left + ((this.#layout.gpuX[gpu]! + half) * rect.width) / this.#canvas.width,
      y: rect.top + ((this.#layout.gpuY[gpu]! + half) * rect.height) / this.#canvas.height,
    };
  }

  #paint(): void {
    if (!this.#layout || !this.#image) return;
    paintGrid(this.#layout, this.#pixels, this.#owners, this.#palette, this.#idle, this.selected);
    if (this.#shares)
      paintShares(this.#layout, this.#pixels, this.#shares, this.#palette, this.#idle, this.selected);
    this.#context.putImageData(this.#image, 0, 0);
  }

  #gpuAt(event: MouseEvent): number {
    if (!this.#layout) return -1;
    const rect = this.#canvas.getBoundingClientRect();
    const x = Math.floor(((event.clientX - rect.left) * this.#canvas.width) / rect.width);
    const y = Math.floor(((event.clientY - rect.top) * this.#canvas.height) / rect.height);
    if (x < 0 || y < 0 || x >= this.#layout.width || y >= this.#layout.height) return -1;
    return this.#layout.hit[y * this.#layout.width + x]!;
  }

  #hover(event: MouseEvent): void {
    const gpu = this.#gpuAt(event);
    if (gpu < 0) {
      this.#hoverGpu = -1;
      this.#tooltip.hidden = true;
      return;
    }
    if (gpu !== this.#hoverGpu) {
      this.#hoverGpu = gpu;
      this.#tooltip.innerHTML = hoverHtml(
        this.run.file,
        gpu,
        this.#owners,
        this.round,
        this.run.derived.roundDuration,
        this.#shares,
      );
    }
    const wrap = this.#canvas.parentElement!.getBoundingClientRect();
    this.#tooltip.style.left = `${event.clientX - wrap.left + 14}px`;
    this.#tooltip.style.top = `${event.clientY - wrap.top + 14}px`;
    this.#tooltip.hidden = false;
  }

  #buildBars(): void {
    const { file } = this.run;
    this.#bars.innerHTML = file.header.gpuTypes
      .map(
        (type, t) =>
          `<div class="gv-bar" data-type="${escapeHtml(type)}"><span class="gv-bar-name">${escapeHtml(type)}</span><span class="gv-bar-track"><span class="gv-bar-fill gv-type-${t % 8}"></span></span><span class="gv-bar-text"></span></div>`,
      )
      .join('');
    this.#barFill = [...this.#bars.querySelectorAll<HTMLElement>('.gv-bar-fill')];
    this.#barText = [...this.#bars.querySelectorAll<HTMLElement>('.gv-bar-text')];
  }

  #updateBars(): void {
    const { file } = this.run;
    const types = file.header.gpuTypes.length;
    const used = new Uint32Array(types);
    const total = new Uint32Array(types);
    for (let g = 0; g < file.gpuCount; g++) {
      const t = file.gpuType[g]!;
      total[t]!++;
      if (this.#owners[g]! >= 0) used[t]!++;
    }
    for (let t = 0; t < types; t++) {
      const share = total[t]! ? used[t]! / total[t]! : 0;
      this.#barFill[t]!.style.width = `${(share * 100).toFixed(2)}%`;
      this.#barText[t]!.textContent = `${used[t]} / ${total[t]} used · ${total[t]! - used[t]!} idle`;
    }
  }

  #buildMetrics(): void {
    const body = this.element.querySelector('.gv-metrics tbody')!;
    body.innerHTML = this.run.file.header.metricNames
      .map((name) => `<tr><th>${escapeHtml(name)}</th><td data-metric="${escapeHtml(name)}"></td></tr>`)
      .join('');
    this.#metricCells = [...body.querySelectorAll<HTMLElement>('td')];
  }

  #updateMetrics(): void {
    const { file } = this.run;
    file.header.metricNames.forEach((name, m) => {
      const value = file.data.metrics[m]![this.round]!;
      const cell = this.#metricCells[m]!;
      cell.dataset.value = String(value);
      cell.textContent = formatMetric(name, value);
    });
  }

  /** Waiting jobs, longest wait first (see QueueScanner). */
  #updateQueue(): void {
    const { file, derived } = this.run;
    const time = file.roundTimes[this.round]!;
    const { jobs: shown, count: waiting } = this.#queueScanner.waiting(
      file,
      derived,
      this.#owners,
      this.round,
      QUEUE_SHOWN,
      this.#shares,
    );
    const rows = shown
      .map(
        (j) =>
          `<li data-job-index="${j}"><span>job ${file.jobs.id[j]}</span> <span class="gv-muted">${escapeHtml(file.jobs.jobType[j]!)} ×${file.jobs.scaleFactor[j]}</span> <span>${formatDuration(time - file.jobs.arrival[j]!)}</span></li>`,
      )
      .join('');
    this.#queue.innerHTML = `<div class="gv-queue-title">Queue: <span class="gv-queue-count">${waiting}</span> waiting</div><ol>${rows}</ol>${
      waiting > shown.length ? `<div class="gv-muted">… ${waiting - shown.length} more</div>` : ''
    }`;
  }
}
