#!/usr/bin/env node
// `npm test`: install if needed, find (or, as root on Debian, install) Chromium, run typecheck + lint +
// every package's tests through turbo, then print why tests were skipped and one closing line
// `tests: N passed, N failed, N skipped` that CI reads.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { prepareCommand, root } from './ensure-install.mjs';

await prepareCommand();
const { runCli } = await import('kit');
const { ensureChromium } = await import('../src/chromium-setup.ts');
const { listWorkspaces } = await import('../src/workspaces.ts');
const { readPackageResult, skipLines, summaryLine, RESULTS_FILE } = await import('../src/summary.ts');
const { failedChecks, latestRunSummary } = await import('../src/turbo-summary.ts');
const { isFiltered, testRunArgs, testRunEnv } = await import('../src/test-run.ts');

await runCli('devlog', () => {
  let chromium;
  try {
    chromium = ensureChromium({ log: (line) => process.stderr.write(`${line}\n`) }).path;
  } catch (error) {
    // The install failed: say why, and run everything else with the browser tests skipped.
    process.stderr.write(`devlog: ${error instanceof Error ? error.message : String(error)}\n`);
  }

  const args = process.argv.slice(2);
  const withTests = listWorkspaces(root).filter((w) => w.scripts.test);
  for (const w of withTests) rmSync(join(w.dir, RESULTS_FILE), { force: true });
  const started = Date.now();
  const turbo = spawnSync('npx', testRunArgs(args), {
    cwd: root,
    stdio: 'inherit',
    env: testRunEnv(process.env, chromium),
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
  for (const line of skipLines(results)) process.stdout.write(`${line}\n`);
  const line = summaryLine([
    ...results,
    { name: 'checks', passed: 0, failed: checks.length, skipped: 0, skipReasons: new Map() },
  ]);
  console.log(line);
  process.exitCode = turbo.status === 0 && / 0 failed,/.test(line) ? 0 : 1;
});
