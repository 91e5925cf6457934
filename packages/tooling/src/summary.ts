import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PackageResult {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Set when the package has tests but wrote no results: it counts as one failure. */
  problem?: string;
}

interface VitestJson {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  numTotalTestSuites?: number;
  testResults?: { status?: string; message?: string; name?: string }[];
}

export const RESULTS_FILE = '.vitest-results.json';

/** Read one package's vitest JSON report. A suite that failed to load counts as a failed test. */
export function readPackageResult(name: string, dir: string): PackageResult {
  const file = join(dir, RESULTS_FILE);
  if (!existsSync(file))
    return { name, passed: 0, failed: 1, skipped: 0, problem: `${name}: no test results (${file})` };
  let report: VitestJson;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as VitestJson;
  } catch {
    return { name, passed: 0, failed: 1, skipped: 0, problem: `${name}: unreadable test results (${file})` };
  }
  const brokenFiles = (report.testResults ?? []).filter((t) => t.status === 'failed' && t.message).length;
  const passed = report.numPassedTests ?? 0;
  const failed = (report.numFailedTests ?? 0) + brokenFiles;
  const result: PackageResult = {
    name,
    passed,
    failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
  if (passed + failed === 0) {
    result.failed = 1;
    result.problem = `${name}: ran no test`;
  }
  return result;
}

/** The closing line CI reads: `tests: N passed, N failed`. */
export function summaryLine(results: readonly PackageResult[]): string {
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  return `tests: ${passed} passed, ${failed} failed`;
}
