import { describe, expect, it } from 'vitest';
import { isFiltered, testRunArgs } from '../src/test-run.ts';

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
});
