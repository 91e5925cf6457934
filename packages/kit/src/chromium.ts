import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, LaunchOptions } from 'playwright-core';

// playwright-core is loaded only when a browser is needed: importing it costs CLIs ~2 s of start-up.
const require = createRequire(import.meta.url);
const loadPlaywright = () => require('playwright-core') as typeof import('playwright-core');

/** Flags that keep Chromium quiet and working as root on a machine without network or GPU. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** A file this process may run (present is not enough: a Chromium it cannot start is no Chromium). */
function runnable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export class ChromiumNotFoundError extends Error {
  override name = 'ChromiumNotFoundError';
  constructor(tried: string[]) {
    super(
      `no Chromium found: tried ${tried.join(', ')}; install one (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
}

/**
 * The one place that decides which Chromium runs: env CHROMIUM_PATH, then Debian's
 * /usr/bin/chromium, then Playwright's own download. `CHROMIUM_PATH=none` means "no browser here":
 * nothing else is tried (the browser tests are then skipped).
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const tried: string[] = [];
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv === 'none') throw new ChromiumNotFoundError(['nothing (CHROMIUM_PATH=none)']);
  if (fromEnv) {
    if (runnable(fromEnv)) return fromEnv;
    tried.push(`CHROMIUM_PATH=${fromEnv} (missing or not executable)`);
  } else {
    tried.push('CHROMIUM_PATH (unset)');
  }
  if (runnable(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  tried.push(`${DEBIAN_CHROMIUM} (missing or not executable)`);
  let own = '';
  try {
    own = loadPlaywright().chromium.executablePath();
  } catch {
    own = '';
  }
  if (own && runnable(own)) return own;
  tried.push(`Playwright's own browser${own ? ` ${own}` : ''} (not downloaded)`);
  throw new ChromiumNotFoundError(tried);
}

/** Launch headless Chromium through Playwright with the repo's flags. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return loadPlaywright().chromium.launch({
    headless: true,
    ...options,
    executablePath: options.executablePath ?? findChromium(),
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}
