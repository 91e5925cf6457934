// The app page: mount the viewer into #app and take the run and round from the URL.
import { mountViewer, type ViewerHandle } from './viewer.ts';

const params = new URLSearchParams(location.search);
const round = params.get('round');
const viewer = mountViewer(document.getElementById('app')!, {
  run: params.get('run') ?? undefined,
  compare: params.get('compare') ?? undefined,
  round: round === null ? undefined : Number(round),
  syncUrl: true,
});

// For the Playwright tests and the benchmark.
(window as unknown as { gpuviz: ViewerHandle }).gpuviz = viewer;
