#!/usr/bin/env node
// `npm run new-project -- <name>`: scaffold projects/<name>/ and register it as a workspace.
import { spawnSync } from 'node:child_process';
import { ensureInstall, root } from './ensure-install.mjs';

ensureInstall();
const { register } = await import('tsx/esm/api');
register();
const { oneLine } = await import('kit');
const { scaffoldProject } = await import('../src/new-project.ts');

const args = process.argv.slice(2);
const install = !args.includes('--no-install');
const name = args.find((a) => !a.startsWith('--'));
if (!name) {
  process.stderr.write('new-project: expected a project name, e.g. npm run new-project -- gpu-costs\n');
  process.exit(1);
}
try {
  const files = scaffoldProject(root, name, { date: new Date().toISOString().slice(0, 10) });
  process.stdout.write(`created projects/${name}/: ${files.join(', ')}\n`);
} catch (error) {
  process.stderr.write(`new-project: ${oneLine(error)}\n`);
  process.exit(1);
}
if (install) {
  // Registers the new workspace in package-lock.json, so `npm ci` keeps working.
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
process.stdout.write(`next: npm run analyze -w ${name}\n`);
