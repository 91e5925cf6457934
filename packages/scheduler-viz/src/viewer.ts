import 'uplot/dist/uPlot.min.css';
import './style.css';
import { lastAtOrBefore } from 'scheduler/format';
import { Charts } from './charts.ts';
import { roundAt } from './derive.ts';
import { displayName, type LoadedRun, RunLoader, type RunSource } from './loader.ts';
import { RunPane } from './pane.ts';
import { resultsHref } from './results-model.ts';
import { ResultsView } from './results-view.ts';
import { RunList } from './runlist.ts';
import { Scrubber } from './scrubber.ts';

export interface ViewerOptions {
  /** URL of the run list served by the dev server plugin; null hides the list. */
  runsEndpoint?: string | null;
  /** Run to open at start (a URL) and the round to show, or `at: 'window'` for the start of its measurement window. */
  run?: string;
  compare?: string;
  round?: number;
  at?: 'window';
  /** Open the Results view instead of the player, on this sweep (a key of the sweep list) and metric. */
  view?: 'player' | 'results';
  sweep?: string;
  metric?: string;
  /** Keep `?run=&compare=&round=` in the page URL up to date so a view can be shared. */
  syncUrl?: boolean;
  theme?: 'light' | 'dark';
}

export interface LoadFigures {
  name: string;
  /** Worker: fetch + decode + validate + derive. */
  workerMs: number;
  /** From the load call to the first frame showing the run. */
  firstPaintMs: number;
}

export interface ViewerHandle {
  load(source: RunSource): Promise<void>;
  /** Load a second run to compare side by side; undefined closes the comparison. */
  compare(source: RunSource | undefined): Promise<void>;
  setRound(round: number): void;
  readonly round: number;
  readonly compareRound: number | undefined;
  setAlign(mode: 'round' | 'time'): void;
  setTheme(theme: 'light' | 'dark'): void;
  readonly lastLoad: LoadFigures | undefined;
  /** Viewport point of a GPU cell in run A (pane 0) or B (pane 1), for tests and for linking. */
  gpuPoint(gpu: number, pane?: 0 | 1): { x: number; y: number } | undefined;
  /** The last load error message shown, if any. */
  readonly error: string | undefined;
  /** Which view is on screen, and the Results view itself (sweep, metric, draw figures, point positions). */
  readonly view: 'player' | 'results';
  readonly results: ResultsView;
  showResults(sweep?: string, metric?: string): Promise<void>;
  showPlayer(): void;
  destroy(): void;
}

/** Mount the visualizer into `element` (the app page does this for `#app`; the blog can too). */
export function mountViewer(element: HTMLElement, options: ViewerOptions = {}): ViewerHandle {
  const root = document.createElement('div');
  root.className = 'gv-root';
  root.innerHTML = `
    <div class="gv-toolbar">
      <strong class="gv-brand">gpuviz</strong>
      <label class="gv-button">Open run file <input type="file" class="gv-open-file" accept=".gpuviz" hidden></label>
      <label class="gv-button gv-player-only">Compare with file <input type="file" class="gv-compare-file" accept=".gpuviz" hidden></label>
      <label class="gv-player-only">align <select class="gv-align"><option value="round">by round</option><option value="time">by simulated time</option></select></label>
      <label class="gv-player-only">zoom <input type="range" class="gv-zoom" min="2" max="24" value="6" title="GPU cell size (px)"></label>
      <button type="button" class="gv-theme-toggle">theme</button>
      <button type="button" class="gv-view-toggle" title="Sweeps against their reference curves">Results</button>
      <button type="button" class="gv-close-compare" hidden>close compare</button>
      <span class="gv-status gv-player-only" aria-live="polite">Open a run, pick one below, or drop a .gpuviz file here.</span>
    </div>
    <div class="gv-error" role="alert" hidden></div>
    <div class="gv-player">
      <div class="gv-list-slot"></div>
      <div class="gv-scrub-slot"></div>
      <div class="gv-panes"></div>
      <div class="gv-chart-slot"></div>
    </div>
    <div class="gv-results-slot" hidden></div>`;
  element.append(root);
  const $ = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
  const status = $('.gv-status');
  const errorBox = $('.gv-error');
  const panes = $('.gv-panes');
  const loader = new RunLoader();
  const scrubber = new Scrubber();
  const charts = new Charts();
  const list = new RunList();
  const results = new ResultsView(
    options.runsEndpoint === null
      ? '/@gpuviz'
      : (options.runsEndpoint ?? '/@gpuviz/runs').replace(/\/runs$/, ''),
  );
  $('.gv-results-slot').append(results.element);
  $('.gv-scrub-slot').append(scrubber.element);
  $('.gv-chart-slot').append(charts.element);
  $('.gv-list-slot').append(list.element);

  let primary: RunPane | undefined;
  let secondary: RunPane | undefined;
  let primaryUrl: string | undefined;
  let secondaryUrl: string | undefined;
  let align: 'round' | 'time' = 'round';
  let dark =
    (options.theme ?? (matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')) === 'dark';
  let lastLoad: LoadFigures | undefined;
  let lastError: string | undefined;
  let urlTimer: ReturnType<typeof setTimeout> | undefined;
  let view: 'player' | 'results' = 'player';
  let openAt: 'window' | undefined = options.at;

  const applyTheme = () => {
    root.dataset.theme = dark ? 'dark' : 'light';
    $('.gv-theme-toggle').textContent = dark ? 'light theme' : 'dark theme';
    primary?.setTheme(dark);
    secondary?.setTheme(dark);
    charts.redraw();
    results.redraw();
  };

  const secondaryRoundFor = (round: number): number => {
    if (!primary || !secondary) return 0;
    const other = secondary.run.file;
    if (align === 'round') return Math.min(round, other.roundCount - 1);
    return roundAt(other.roundTimes, primary.run.file.roundTimes[round]!);
  };

  const syncUrl = () => {
    if (!options.syncUrl) return;
    clearTimeout(urlTimer);
    urlTimer = setTimeout(() => {
      if (view === 'results') {
        const state = {
          ...(results.sweep ? { sweep: results.sweep } : {}),
          ...(results.metric ? { metric: results.metric } : {}),
        };
        history.replaceState(null, '', `${location.pathname}${resultsHref(state)}`);
        return;
      }
      const params = new URLSearchParams(location.search);
      const set = (key: string, value: string | undefined) =>
        value === undefined ? params.delete(key) : params.set(key, value);
      for (const key of ['view', 'sweep', 'metric', 'at']) params.delete(key);
      set('run', primaryUrl);
      set('compare', secondaryUrl);
      set('round', primary ? String(scrubber.round) : undefined);
      history.replaceState(null, '', `${location.pathname}?${params}`.replace(/\?$/, ''));
    }, 250);
  };

  scrubber.onChange = (round) => {
    if (!primary) return;
    primary.show(round);
    secondary?.show(secondaryRoundFor(round));
    charts.setTime(primary.run.file.roundTimes[round]!);
    syncUrl();
  };
  charts.onPick = (time) => {
    if (primary) scrubber.set(roundAt(primary.run.file.roundTimes, time));
  };

  const showError = (message: string | undefined) => {
    lastError = message;
    errorBox.hidden = !message;
    errorBox.textContent = message ?? '';
  };

  const rebuild = () => {
    panes.classList.toggle('gv-compare', secondary !== undefined);
    $('.gv-close-compare').hidden = secondary === undefined;
    for (const pane of [primary, secondary]) pane?.relayout();
    charts.build([primary, secondary].flatMap((pane) => (pane ? [pane.run] : [])));
    applyTheme();
  };

  const open = async (source: RunSource, asCompare: boolean): Promise<void> => {
    const started = performance.now();
    const name =
      'file' in source
        ? source.file.name
        : (source.name ?? ('url' in source ? displayName(source.url) : 'run'));
    status.textContent = `Loading ${name}…`;
    let run: LoadedRun;
    try {
      run = await loader.load(source);
    } catch (error) {
      status.textContent = `Could not load ${name}.`;
      showError(error instanceof Error ? error.message : String(error));
      return;
    }
    if (run.file.roundCount === 0) {
      showError(`${name}: the run recorded no rounds, nothing to show`);
      return;
    }
    showError(undefined);
    const pane = new RunPane(run, asCompare && primary ? 'B' : 'A');
    pane.onSelect = (job) => {
      // A job id selected in one run is highlighted in the other when it exists there too.
      const other = pane === primary ? secondary : primary;
      if (!other) return;
      const id = job >= 0 ? run.file.jobs.id[job]! : -1;
      other.select(id >= 0 ? findJob(other.run.file.jobs.id, id) : -1);
    };
    const url = 'url' in source ? source.url : undefined;
    if (asCompare && primary) {
      secondary?.element.remove();
      secondary = pane;
      secondaryUrl = url;
      panes.append(pane.element);
    } else {
      panes.innerHTML = '';
      primary = pane;
      primaryUrl = url;
      panes.append(pane.element);
      if (secondary) panes.append(secondary.element);
      scrubber.setRun(run.file.roundTimes, run.derived.window);
    }
    $<HTMLInputElement>('.gv-zoom').value = String(pane.cell);
    rebuild();
    const start = !asCompare && openAt === 'window' ? run.derived.window?.start : undefined;
    if (!asCompare) openAt = undefined;
    scrubber.set(start ?? (asCompare ? scrubber.round : Math.min(scrubber.round, run.file.roundCount - 1)));
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    lastLoad = { name, workerMs: run.loadMs, firstPaintMs: performance.now() - started };
    status.textContent = `${name}: ${run.file.gpuCount.toLocaleString('en-US')} GPUs, ${run.file.roundCount.toLocaleString('en-US')} rounds, ${run.file.jobs.id.length.toLocaleString('en-US')} jobs (loaded in ${lastLoad.firstPaintMs.toFixed(0)} ms)`;
    syncUrl();
  };

  const onKey = (event: KeyboardEvent) => {
    if (!primary || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (
      target &&
      (target.tagName === 'SELECT' ||
        target.tagName === 'TEXTAREA' ||
        (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'range'))
    )
      return;
    if (target && target !== document.body && !root.contains(target)) return;
    if (target?.tagName === 'BUTTON' && event.key === ' ') return;
    if (scrubber.handleKey(event)) event.preventDefault();
  };
  document.addEventListener('keydown', onKey);

  $<HTMLInputElement>('.gv-open-file').addEventListener('change', (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void open({ file }, false);
  });
  $<HTMLInputElement>('.gv-compare-file').addEventListener('change', (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void open({ file }, primary !== undefined);
  });
  $<HTMLSelectElement>('.gv-align').addEventListener('change', (event) => {
    align = (event.target as HTMLSelectElement).value === 'time' ? 'time' : 'round';
    scrubber.set(scrubber.round);
  });
  $<HTMLInputElement>('.gv-zoom').addEventListener('input', (event) => {
    const cell = Number((event.target as HTMLInputElement).value);
    for (const pane of [primary, secondary]) {
      if (!pane) continue;
      pane.cell = cell;
      pane.relayout();
    }
  });
  $('.gv-theme-toggle').addEventListener('click', () => {
    dark = !dark;
    applyTheme();
  });
  $('.gv-close-compare').addEventListener('click', () => void handle.compare(undefined));

  const setView = (next: 'player' | 'results') => {
    view = next;
    root.dataset.view = next;
    $('.gv-player').hidden = next !== 'player';
    $('.gv-results-slot').hidden = next !== 'results';
    $('.gv-view-toggle').textContent = next === 'results' ? 'Player' : 'Results';
    syncUrl();
  };
  const showResults = async (sweep?: string, metric?: string) => {
    setView('results');
    await results.list();
    if (sweep) await results.open(sweep, metric);
  };
  $('.gv-view-toggle').addEventListener('click', () => {
    if (view === 'results') setView('player');
    else void showResults(results.sweep, results.metric);
  });
  results.onState = () => syncUrl();
  // A point opens its run as a new page of history, so Back returns to the figure and the URL can be shared.
  results.onOpenRun = (href) => location.assign(`${location.pathname}${href}`);
  root.addEventListener('dragover', (event) => {
    event.preventDefault();
    root.classList.add('gv-dragging');
  });
  root.addEventListener('dragleave', () => root.classList.remove('gv-dragging'));
  root.addEventListener('drop', (event) => {
    event.preventDefault();
    root.classList.remove('gv-dragging');
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files[0])
      void open({ file: files[0] }, false).then(() =>
        files[1] ? open({ file: files[1] }, true) : undefined,
      );
  });
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  let lastWidth = 0;
  const resize = new ResizeObserver((entries) => {
    // Only a new width changes the layout; heights change whenever a panel opens.
    const width = Math.round(entries[0]?.contentRect.width ?? 0);
    if (width === lastWidth) return;
    lastWidth = width;
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (primary) rebuild();
      if (primary) scrubber.set(scrubber.round);
    }, 150);
  });
  resize.observe(panes);

  list.onOpen = (url, name, compare) => void open({ url, name }, compare && primary !== undefined);
  if (options.runsEndpoint !== null) void list.fetch(options.runsEndpoint ?? '/@gpuviz/runs');
  applyTheme();

  const handle: ViewerHandle = {
    load: (source) => open(source, false),
    compare: async (source) => {
      if (source) return open(source, true);
      secondary?.element.remove();
      secondary = undefined;
      secondaryUrl = undefined;
      rebuild();
      scrubber.set(scrubber.round);
    },
    setRound: (round) => scrubber.set(round),
    get round() {
      return scrubber.round;
    },
    get compareRound() {
      return secondary?.round;
    },
    setAlign: (mode) => {
      align = mode;
      $<HTMLSelectElement>('.gv-align').value = mode;
      scrubber.set(scrubber.round);
    },
    setTheme: (theme) => {
      dark = theme === 'dark';
      applyTheme();
    },
    get lastLoad() {
      return lastLoad;
    },
    gpuPoint: (gpu, pane = 0) => (pane === 0 ? primary : secondary)?.gpuPoint(gpu),
    get error() {
      return lastError;
    },
    get view() {
      return view;
    },
    results,
    showResults,
    showPlayer: () => setView('player'),
    destroy: () => {
      scrubber.pause();
      resize.disconnect();
      document.removeEventListener('keydown', onKey);
      charts.destroy();
      results.destroy();
      loader.dispose();
      root.remove();
    },
  };

  void (async () => {
    if (options.view === 'results') {
      await showResults(options.sweep, options.metric);
      return;
    }
    if (options.run) {
      await open({ url: options.run }, false);
      if (primary && options.round !== undefined) scrubber.set(options.round);
      if (options.compare) await open({ url: options.compare }, true);
    }
  })();
  return handle;
}

function findJob(ids: Int32Array, id: number): number {
  // Ids are usually increasing with arrival; fall back to a scan when they are not.
  const at = lastAtOrBefore(ids, id);
  return ids[at] === id ? at : ids.indexOf(id);
}
