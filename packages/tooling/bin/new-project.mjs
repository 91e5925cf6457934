#!/usr/bin/env node
// `npm run new-project -- <name>`: scaffold projects/<name>/ from template/ and register it as a workspace.
import { spawnSync } from 'node:child_process';
import { prepareCommand, root } from './ensure-install.mjs';

await prepareCommand();
const { runCli } = await import('kit');
const { scaffoldProject } = await import('../src/new-project.ts');

await runCli('new-project', () => {
  const args = process.argv.slice(2);
  const install = !args.includes('--no-install');
  const name = args.find((a) => !a.startsWith('--'));
  if (!name) throw new Error('expected a project name, e.g. npm run new-project -- gpu-costs');
  const files = scaffoldProject(root, name, { date: new Date().toISOString().slice(0, 10) });
  process.stdout.write(`created projects/${name}/: ${files.join(', ')}\n`);
  if (install) {
    // Registers the new workspace in package-lock.json, so `npm ci` keeps working.
    const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0)
      throw new Error(`npm install failed (exit ${result.status}); see the output above`);
  }
  process.stdout.write(`next: npm run analyze -w ${name}\n`);
});
