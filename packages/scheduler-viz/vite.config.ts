import { repoRoot } from 'kit';
import { defineConfig } from 'vite';
import { gpuvizRuns } from './server/runs-plugin.ts';

// Runs are listed from GPUVIZ_RUNS (comma-separated globs or folders) or, by default, from
// projects/*/data/**/run.gpuviz and out/**/run.gpuviz under the repo root.
export default defineConfig({
  plugins: [gpuvizRuns({ root: repoRoot() })],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  worker: { format: 'es' },
  build: { target: 'es2022' },
});
