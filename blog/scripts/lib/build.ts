import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const VITEST_ENV = /^(NODE_ENV|MODE|DEV|PROD|SSR|BASE_URL|TEST|VITEST.*)$/;

/**
 * The environment without what Vitest leaves in it (NODE_ENV=test, MODE, DEV, PROD...): with those
 * Astro builds with import.meta.env.PROD false, drafts included.
 */
export function astroEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !VITEST_ENV.test(key)));
}

/** Inputs whose change makes dist/ stale. */
const INPUTS = ['src', 'public', 'astro.config.ts', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when dist/ is missing or older than any source of the site. */
export function isBuildStale(blogDir: string): boolean {
  const built = join(blogDir, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return INPUTS.some((input) => newestMtime(join(blogDir, input)) > builtAt);
}

/** Build the site unless dist/ is current. Returns whether it built. Throws with astro's output on failure. */
export function ensureBuilt(blogDir: string): boolean {
  if (!isBuildStale(blogDir)) return false;
  const env = { ...astroEnv(), NODE_ENV: 'production' };
  const result = spawnSync('npx', ['astro', 'build', '--silent'], { cwd: blogDir, encoding: 'utf8', env });
  if (result.status !== 0) {
    throw new Error(
      `astro build failed in ${blogDir}: ${(result.stderr || result.stdout).trim().split('\n').slice(-5).join(' ')}`,
    );
  }
  return true;
}
