import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Workspace {
  name: string;
  dir: string;
  scripts: Record<string, string>;
}

/** Every workspace of the repo (packages/*, projects/*, blog) with its scripts. */
export function listWorkspaces(root: string): Workspace[] {
  const dirs: string[] = [];
  for (const parent of ['packages', 'projects']) {
    const base = join(root, parent);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(join(base, entry.name));
    }
  }
  dirs.push(join(root, 'blog'));
  const out: Workspace[] = [];
  for (const dir of dirs) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as {
      name: string;
      scripts?: Record<string, string>;
    };
    out.push({ name: parsed.name, dir, scripts: parsed.scripts ?? {} });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
