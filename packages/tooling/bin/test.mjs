#!/usr/bin/env node
// `npm test`: install if needed, find Chromium, run typecheck + lint + every package's tests
// through turbo, then print one closing line `tests: N passed, N failed` that CI reads.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstall, root } from './ensure-install.mjs';

ensureInstall();
const { register } = await import('tsx/esm/api');
register();
const { findChromium, oneLine } = await import('kit');
const { listWorkspaces } = await import('../src/workspaces.ts');
const { readPackageResult, summaryLine, RESULTS_FILE } = await import('../src/summary.ts');
const { failedChecks, latestRunSummary } = await import('../src/turbo-summary.ts');
const { isFiltered, testRunArgs } = await import('../src/test-run.ts');

let chromium;
try {
  chromium = findChromium();
} catch (error) {
  process.stderr.write(`devlog: ${oneLine(error)}\n`);
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

const args = process.argv.slice(2);

const withTests = listWorkspaces(root).filter((w) => w.scripts.test);
for (const w of withTests) rmSync(join(w.dir, RESULTS_FILE), { force: true });
const started = Date.now();
const turbo = spawnSync('npx', testRunArgs(args), {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: chromium, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
});

const filtered = isFiltered(args);
const summary = latestRunSummary(root, started);
const ranTests = summary
  ? new Set(summary.tasks.filter((t) => t.task === 'test').map((t) => t.package))
  : null;
const results = withTests
  .filter((w) => !filtered || !ranTests || ranTests.has(w.name))
  .map((w) => readPackageResult(w.name, w.dir));
const checks = summary ? failedChecks(summary) : [];
for (const r of results) if (r.problem) process.stderr.write(`devlog: ${r.problem}\n`);
for (const c of checks) process.stderr.write(`devlog: ${c} failed\n`);
const line = summaryLine([...results, { name: 'checks', passed: 0, failed: checks.length, skipped: 0 }]);
console.log(line);
process.exit(turbo.status === 0 && !/[1-9]\d* failed$/.test(line) ? 0 : 1);
