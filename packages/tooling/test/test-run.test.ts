import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from 'kit';
import { describe, expect, it } from 'vitest';
import { isFiltered, testRunArgs, testRunEnv } from '../src/test-run.ts';

const concurrencyOf = (args: string[]) => args.filter((arg) => arg.startsWith('--concurrency'));

describe('npm test command line', () => {
  it('runs typecheck, lint and test 4 at a time, with the caller arguments last', () => {
    const args = testRunArgs(['--filter=kit'], {});
    expect(args.slice(0, 5)).toEqual(['turbo', 'run', 'typecheck', 'lint', 'test']);
    expect(concurrencyOf(args)).toEqual(['--concurrency=4']);
    expect(args.at(-1)).toBe('--filter=kit');
  });

  it('takes DEVLOG_TEST_CONCURRENCY, and a --concurrency of the caller over both, never twice', () => {
    expect(concurrencyOf(testRunArgs([], { DEVLOG_TEST_CONCURRENCY: '2' }))).toEqual(['--concurrency=2']);
    expect(concurrencyOf(testRunArgs(['--concurrency=1'], { DEVLOG_TEST_CONCURRENCY: '2' }))).toEqual([
      '--concurrency=1',
    ]);
    const spaced = testRunArgs(['--concurrency', '3'], {});
    expect(concurrencyOf(spaced)).toEqual(['--concurrency']);
    expect(spaced.at(-1)).toBe('3');
  });

  it('knows a filtered run in both spellings', () => {
    expect(isFiltered(['--filter=kit'])).toBe(true);
    expect(isFiltered(['--filter', 'kit'])).toBe(true);
    expect(isFiltered(['--concurrency=2'])).toBe(false);
    expect(isFiltered(['--filtered-out'])).toBe(false);
  });

  it('hands the tasks the Chromium found and the Node version, which turbo hashes', () => {
    const env = testRunEnv({ PATH: '/bin' }, '/usr/bin/chromium');
    expect(env).toMatchObject({
      PATH: '/bin',
      CHROMIUM_PATH: '/usr/bin/chromium',
      DEVLOG_NODE_VERSION: process.version,
    });
    expect(testRunEnv({ CHROMIUM_PATH: 'none' }, undefined).CHROMIUM_PATH).toBe('none');
    const turbo = JSON.parse(readFileSync(join(repoRoot(), 'turbo.json'), 'utf8')) as {
      globalEnv?: string[];
    };
    expect(turbo.globalEnv).toContain('DEVLOG_NODE_VERSION');
  });
});
