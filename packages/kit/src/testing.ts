// Test-only helpers (`kit/testing`): tests that cannot run here are skipped with a reason that
// `npm test` prints once, instead of each file warning on its own.
import { describe, it } from 'vitest';
import { findChromium } from './chromium.ts';
import { sharedPath } from './repo.ts';

declare module 'vitest' {
  interface TaskMeta {
    /** Why the test did not run: set on every test of a skipped block, read from the JSON report. */
    skipReason?: string;
  }
}

/** What a skipped test was missing; `DEVLOG_REQUIRE=chromium,slurm` (as in CI) makes it a failure. */
export type Requirement = 'chromium' | 'slurm' | 'shared' | 'openclaw' | 'scipy';

/**
 * The reason to skip, or undefined to run. When `DEVLOG_REQUIRE` lists the requirement, a missing
 * one throws instead, so the test file fails: CI installs everything and must not skip quietly.
 */
export function skipUnless(
  requirement: Requirement,
  reason: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (reason === undefined) return undefined;
  const required = (env.DEVLOG_REQUIRE ?? '').split(',').map((part) => part.trim());
  if (required.includes(requirement))
    throw new Error(`${reason}; DEVLOG_REQUIRE=${env.DEVLOG_REQUIRE} says ${requirement} must be here`);
  return reason;
}

/** Why browser tests cannot run here, or undefined when a Chromium is found. */
export function chromiumMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    findChromium(env);
    return undefined;
  } catch {
    return skipUnless(
      'chromium',
      env.CHROMIUM_PATH === 'none'
        ? 'no Chromium: CHROMIUM_PATH=none'
        : 'no Chromium found: install one (apt-get install -y chromium) or set CHROMIUM_PATH',
      env,
    );
  }
}

/** Why tests on ../shared/<segments> cannot run, or undefined when it is there. */
export function sharedMissing(...segments: string[]): string | undefined {
  if (sharedPath(...segments)) return undefined;
  return skipUnless('shared', `../shared/${segments.join('/')} is absent`);
}

const metaFor = (reason: string | undefined) => (reason === undefined ? {} : { skipReason: reason });

/** `describe` that is skipped, with `reason` on each of its tests, when `reason` is set. */
export function describeUnless(
  reason: string | undefined,
  title: string,
  body: () => void,
  options: { timeout?: number } = {},
): void {
  describe.skipIf(reason !== undefined)(title, { ...options, meta: metaFor(reason) }, body);
}

/** `it` that is skipped, with `reason`, when `reason` is set. */
export function itUnless(
  reason: string | undefined,
  title: string,
  body: () => unknown,
  timeout?: number,
): void {
  it.skipIf(reason !== undefined)(title, { meta: metaFor(reason), ...(timeout ? { timeout } : {}) }, body);
}
