#!/usr/bin/env node
// `npm start`: install if needed, build, run the main job on the embedded defaults (a Philly-scale
// simulation into out/, every project's analysis, drafts published into the blog, the blog built),
// then serve the blog and the run viewer and print their URLs. Results that depend on this machine
// stay as committed (each analysis reruns its experiments only with its own --rerun), and what is
// run here goes to untracked paths, so the checkout stays clean. Steps whose part does not exist in
// this checkout are skipped with a line saying so.
//
//   npm start                  # everything, then serve
//   npm start -- --no-serve    # everything, then stop (what the clean-checkout test runs)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareCommand, root } from './ensure-install.mjs';

await prepareCommand();
const { runCli } = await import('kit');

const args = process.argv.slice(2);
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
const has = (dir, script) => {
  const manifest = join(root, dir, 'package.json');
  if (!existsSync(manifest)) return false;
  return !script || Boolean(JSON.parse(readFileSync(manifest, 'utf8')).scripts?.[script]);
};

function step(title, command, commandArgs) {
  process.stderr.write(`\n== ${title}\n`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`"${title}" failed (exit ${result.status}); see the output above`);
}

/** The simulation's outputs (untracked, under out/): rerun only when missing. */
const PHILLY = 'out/philly';
const simulated = () => ['summary.json', 'run.gpuviz'].every((file) => existsSync(join(root, PHILLY, file)));

await runCli('devlog', () => {
  const unknown = args.filter((arg) => arg !== '--no-serve');
  if (unknown.length)
    throw new Error(`npm start: unknown argument ${unknown[0]}; the only one is --no-serve`);
  step('build', 'npx', ['turbo', 'run', 'build', '--filter=!blog']);
  if (has('packages/scheduler') && simulated()) {
    process.stderr.write(`\n== ${PHILLY} is there already (delete it to simulate again)\n`);
  } else if (has('packages/scheduler')) {
    step(`simulate the Philly cluster (${PHILLY})`, 'node', [
      'packages/scheduler/bin/gpusim.js',
      'run',
      '--preset',
      'philly',
      '--out',
      PHILLY,
      '-q',
    ]);
  }
  step('analyze every project', 'npx', [
    'turbo',
    'run',
    'analyze',
    '--filter=./projects/*',
    '--concurrency=1',
  ]);
  if (has('blog')) {
    step('publish drafts', 'npm', ['run', 'publish-drafts']);
    step('build the blog', 'npx', ['turbo', 'run', 'build', '--filter=blog']);
  }
  if (!args.includes('--no-serve')) serveAll();
});

function serveAll() {
  const servers = [];
  const serve = (name, dir, serveArgs, url) => {
    // Its own process group, so stopping it also stops the server npm started.
    const child = spawn('npm', serveArgs, {
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
  };
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
}
