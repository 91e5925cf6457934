// Installs dependencies when they are missing or older than the lock file. Plain Node, no
// dependencies of its own, because it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function ensureInstall() {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  const fresh =
    existsSync(installed) && (!existsSync(lock) || statSync(installed).mtimeMs >= statSync(lock).mtimeMs);
  if (fresh) return;
  process.stderr.write('devlog: installing dependencies (npm ci)...\n');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  });
  if (result.status !== 0) {
    process.stderr.write('devlog: npm ci failed; fix the error above and run the command again\n');
    process.exit(result.status ?? 1);
  }
}

/**
 * What every repo command (.mjs) starts with: install if needed, then let it import TypeScript
 * (kit and its own src/) through tsx.
 */
export async function prepareCommand() {
  ensureInstall();
  const { register } = await import('tsx/esm/api');
  register();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureInstall();
