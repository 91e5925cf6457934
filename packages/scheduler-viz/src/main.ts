// The app page: mount the viewer into #app and take the view, run and round from the URL.

import { parseViewParams } from './results-model.ts';
import { mountViewer, type ViewerHandle } from './viewer.ts';

const params = new URLSearchParams(location.search);
const round = params.get('round');
const viewer = mountViewer(document.getElementById('app')!, {
  run: params.get('run') ?? undefined,
  compare: params.get('compare') ?? undefined,
  round: round === null ? undefined : Number(round),
  ...(params.get('at') === 'window' ? { at: 'window' as const } : {}),
  ...parseViewParams(params),
  syncUrl: true,
});

// For the Playwright tests and the benchmark.
(window as unknown as { gpuviz: ViewerHandle }).gpuviz = viewer;
