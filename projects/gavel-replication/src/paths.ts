import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from 'kit';
import { FIGURE_NAMES } from './curves.ts';

/** projects/gavel-replication. */
export const PROJECT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A figure's results folder is data/<figure>/ (committed, see .gitignore); other sweeps go to out/. */
export function resultsDir(sweep: string): string {
  return (FIGURE_NAMES as readonly string[]).includes(sweep)
    ? join(PROJECT_DIR, 'data', sweep)
    : join(repoRoot(), 'out', 'gavel-replication', sweep);
}
