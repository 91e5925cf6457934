import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_REASON, RESULTS_FILE, readPackageResult, skipLines, summaryLine } from '../src/summary.ts';
import { failedChecks } from '../src/turbo-summary.ts';

const dirWith = (report: unknown) => {
  const dir = mkdtempSync(join(tmpdir(), 'summary-'));
  writeFileSync(join(dir, RESULTS_FILE), typeof report === 'string' ? report : JSON.stringify(report));
  return dir;
};

describe('test summary', () => {
  it('adds up passed and failed tests over packages', () => {
    const a = readPackageResult('a', dirWith({ numPassedTests: 5, numFailedTests: 1, testResults: [] }));
    const b = readPackageResult('b', dirWith({ numPassedTests: 7, numFailedTests: 0, testResults: [] }));
    expect(summaryLine([a, b])).toBe('tests: 12 passed, 1 failed, 0 skipped');
  });

  it('counts skipped tests and prints each reason once, with the packages it covers', () => {
    const skipped = (reason?: string) => ({ status: 'skipped', meta: reason ? { skipReason: reason } : {} });
    const noSlurm = 'sbatch is not on PATH';
    const noChromium = 'no Chromium found';
    const a = readPackageResult(
      'scheduler',
      dirWith({
        numPassedTests: 3,
        numPendingTests: 3,
        testResults: [
          { assertionResults: [{ status: 'passed' }, skipped(noSlurm), skipped(noSlurm)] },
          { assertionResults: [skipped()] },
        ],
      }),
    );
    const b = readPackageResult(
      'blog',
      dirWith({
        numPassedTests: 1,
        numPendingTests: 2,
        testResults: [{ assertionResults: [skipped(noChromium), skipped(noChromium)] }],
      }),
    );
    const c = readPackageResult(
      'statuspage',
      dirWith({
        numPassedTests: 0,
        numPendingTests: 1,
        testResults: [{ assertionResults: [skipped(noChromium)] }],
      }),
    );
    expect(summaryLine([a, b, c])).toBe('tests: 4 passed, 0 failed, 6 skipped');
    expect(c.problem).toBeUndefined();
    expect(skipLines([a, b, c])).toEqual([
      `skipped (scheduler 2): ${noSlurm}`,
      `skipped (scheduler 1): ${NO_REASON}`,
      `skipped (blog 2, statuspage 1): ${noChromium}`,
    ]);
  });

  it('counts a test file that failed to load as a failure', () => {
    const r = readPackageResult(
      'a',
      dirWith({
        numPassedTests: 2,
        numFailedTests: 0,
        testResults: [{ status: 'failed', message: 'SyntaxError' }],
      }),
    );
    expect(r.failed).toBe(1);
  });

  it('counts missing, unreadable and empty results as one failure each', () => {
    const missing = readPackageResult('m', mkdtempSync(join(tmpdir(), 'summary-')));
    const unreadable = readPackageResult('u', dirWith('{nope'));
    const empty = readPackageResult('e', dirWith({ numPassedTests: 0, numFailedTests: 0 }));
    expect([missing, unreadable, empty].map((r) => r.failed)).toEqual([1, 1, 1]);
    expect(missing.problem).toContain('no test results');
    expect(empty.problem).toContain('ran no test');
  });

  it('lists failed typecheck and lint tasks', () => {
    const run = {
      tasks: [
        { taskId: 'kit#lint', task: 'lint', package: 'kit', execution: { exitCode: 1 } },
        { taskId: 'kit#test', task: 'test', package: 'kit', execution: { exitCode: 1 } },
        { taskId: 'x#typecheck', task: 'typecheck', package: 'x', execution: { exitCode: 0 } },
      ],
    };
    expect(failedChecks(run)).toEqual(['kit#lint']);
  });
});
