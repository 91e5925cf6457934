import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PackageResult {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Why tests were skipped: each reason with how many tests it kept from running. */
  skipReasons: Map<string, number>;
  /** Set when the package has tests but wrote no results: it counts as one failure. */
  problem?: string;
}

/** A skipped test that says nothing about why (a plain `it.skip`): reported as such. */
export const NO_REASON = 'no reason given (use describeUnless/itUnless from kit/testing)';

interface VitestJson {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  numTotalTestSuites?: number;
  testResults?: {
    status?: string;
    message?: string;
    name?: string;
    assertionResults?: { status?: string; meta?: { skipReason?: string } }[];
  }[];
}

/** A package that has tests but no readable results: one failure, with the reason. */
const broken = (name: string, problem: string): PackageResult => ({
  name,
  passed: 0,
  failed: 1,
  skipped: 0,
  skipReasons: new Map(),
  problem: `${name}: ${problem}`,
});

export const RESULTS_FILE = '.vitest-results.json';

/** Read one package's vitest JSON report. A suite that failed to load counts as a failed test. */
export function readPackageResult(name: string, dir: string): PackageResult {
  const file = join(dir, RESULTS_FILE);
  if (!existsSync(file)) return broken(name, `no test results (${file})`);
  let report: VitestJson;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as VitestJson;
  } catch {
    return broken(name, `unreadable test results (${file})`);
  }
  const brokenFiles = (report.testResults ?? []).filter((t) => t.status === 'failed' && t.message).length;
  const passed = report.numPassedTests ?? 0;
  const failed = (report.numFailedTests ?? 0) + brokenFiles;
  const skipReasons = new Map<string, number>();
  for (const test of (report.testResults ?? []).flatMap((t) => t.assertionResults ?? [])) {
    if (test.status !== 'skipped' && test.status !== 'pending' && test.status !== 'todo') continue;
    const reason = test.meta?.skipReason ?? NO_REASON;
    skipReasons.set(reason, (skipReasons.get(reason) ?? 0) + 1);
  }
  const result: PackageResult = {
    name,
    passed,
    failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    skipReasons,
  };
  if (passed + failed + result.skipped === 0) {
    result.failed = 1;
    result.problem = `${name}: ran no test`;
  }
  return result;
}

/** The closing line CI reads: `tests: N passed, N failed, N skipped`. */
export function summaryLine(results: readonly PackageResult[]): string {
  const total = (key: 'passed' | 'failed' | 'skipped') => results.reduce((sum, r) => sum + r[key], 0);
  return `tests: ${total('passed')} passed, ${total('failed')} failed, ${total('skipped')} skipped`;
}

/** One line per distinct skip reason, with the packages and test counts it covers. */
export function skipLines(results: readonly PackageResult[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const result of results) {
    for (const [reason, count] of result.skipReasons) {
      const list = byReason.get(reason) ?? [];
      list.push(`${result.name} ${count}`);
      byReason.set(reason, list);
    }
  }
  return [...byReason].map(([reason, where]) => `skipped (${where.join(', ')}): ${reason}`);
}
