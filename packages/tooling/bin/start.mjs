#!/usr/bin/env node
// `npm start`: install if needed, build, run the main job on the embedded defaults
// (a Philly-scale simulation, every project's analysis, drafts published into the blog),
// then serve the blog and the run viewer and print their URLs. Steps whose part does not
// exist in this checkout are skipped with a line saying so.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstall, root } from './ensure-install.mjs';

ensureInstall();
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
const has = (dir, script) => {
  const manifest = join(root, dir, 'package.json');
  if (!existsSync(manifest)) return false;
  return !script || Boolean(JSON.parse(readFileSync(manifest, 'utf8')).scripts?.[script]);
};

function step(title, command, args) {
  process.stderr.write(`\n== ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    process.stderr.write(`devlog: "${title}" failed (exit ${result.status}); see the output above\n`);
    process.exit(result.status ?? 1);
  }
}

step('build', 'npx', ['turbo', 'run', 'build', '--filter=!blog']);
if (has('packages/scheduler')) {
  step('simulate the Philly cluster (out/philly)', 'node', [
    'packages/scheduler/bin/gpusim.js',
    'run',
    '--preset',
    'philly',
    '--out',
    'out/philly',
    '-q',
  ]);
}
step('analyze every project', 'npx', ['turbo', 'run', 'analyze', '--filter=./projects/*', '--concurrency=1']);
if (has('blog')) {
  step('publish drafts', 'npm', ['run', 'publish-drafts']);
  step('build the blog', 'npx', ['turbo', 'run', 'build', '--filter=blog']);
}

const servers = [];
function serve(name, dir, args, url) {
  // Its own process group, so stopping it also stops the server npm started.
  const child = spawn('npm', args, {
    cwd: join(root, dir),
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
    detached: true,
  });
  servers.push(child);
  child.on('exit', (code) => {
    if (code) process.stderr.write(`devlog: ${name} server stopped (exit ${code})\n`);
  });
  process.stdout.write(`${name}: ${url}\n`);
}
// Each server runs through its package's own script, so it gets the same config as `turbo run dev`.
if (has('blog', 'preview')) {
  serve(
    'blog',
    'blog',
    ['run', 'preview', '--', '--host', '127.0.0.1', '--port', '4321'],
    'http://127.0.0.1:4321/',
  );
}
if (has('packages/scheduler-viz', 'dev')) {
  serve(
    'viewer',
    'packages/scheduler-viz',
    ['run', 'dev', '--', '--host', '127.0.0.1', '--port', '5173', '--strictPort'],
    'http://127.0.0.1:5173/',
  );
}
if (servers.length === 0) process.stdout.write('nothing to serve yet\n');
else process.stdout.write('Ctrl-C stops the servers.\n');
const stop = () => {
  for (const s of servers) {
    try {
      process.kill(-s.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
