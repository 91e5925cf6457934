#!/usr/bin/env node
// `npm run package`: the OpenClaw plugin as an npm-pack tarball, dist/when2meet-<version>.tgz,
// with nothing to fetch: the built entry (run `npm run build` first), the manifest, the skill and
// the README. `openclaw plugins install <tgz>` (or `npm-pack:<tgz>`) installs it offline. The CLI
// stays out: its subprocess and schema-compiling dependencies are nothing the plugin runs, and
// OpenClaw's scanner rightly flags them. Prints the tarball's path.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const shipped = ['dist/openclaw.js', 'skills', 'openclaw.plugin.json', 'README.md'];
for (const path of shipped) {
  if (!existsSync(join(root, path))) {
    process.stderr.write(`when2meet package: ${path} is missing, run \`npm run build -w when2meet\` first\n`);
    process.exit(1);
  }
}

const stage = mkdtempSync(join(tmpdir(), 'when2meet-package-'));
try {
  for (const path of shipped) cpSync(join(root, path), join(stage, path), { recursive: true });
  const manifest = {
    name: source.name,
    version: source.version,
    description: source.description,
    type: 'module',
    engines: { node: '>=20.19' },
    files: shipped,
    openclaw: source.openclaw,
  };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', stage], {
    cwd: stage,
    encoding: 'utf8',
  });
  if (packed.status !== 0) {
    process.stderr.write(`when2meet package: npm pack failed (exit ${packed.status}): ${packed.stderr}\n`);
    process.exit(1);
  }
  const [{ filename }] = JSON.parse(packed.stdout);
  const target = join(root, 'dist', filename);
  renameSync(join(stage, filename), target);
  console.log(target);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
