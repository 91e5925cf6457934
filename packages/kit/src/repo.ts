import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root: the nearest folder above `from` whose package.json declares workspaces. */
export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
      if (parsed.workspaces) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no workspace root above ${from}`);
    dir = parent;
  }
}

/**
 * A path inside the shared data folder beside the repo (`../shared`, or env DEVLOG_SHARED),
 * or undefined when it is absent: tests then skip with a message.
 */
export function sharedPath(...segments: string[]): string | undefined {
  const base = process.env.DEVLOG_SHARED ?? join(repoRoot(), '..', 'shared');
  const path = join(base, ...segments);
  return existsSync(path) ? path : undefined;
}
