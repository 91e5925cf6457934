import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from 'kit';
import { describe, expect, it } from 'vitest';
import { listWorkspaces } from '../src/workspaces.ts';

const root = repoRoot();
/** Plain Node on purpose: they run before anything is installed, so they cannot import kit. */
const BEFORE_INSTALL = ['packages/tooling/bin/ensure-install.mjs', 'packages/tooling/bin/cache-install.mjs'];

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|mjs)$/.test(file) && !file.includes('node_modules'))
    .map((file) => join(dir, file));
}

/** Every command-line entry point: a commander program that is parsed, or a tooling bin. */
function cliEntries(): string[] {
  const files = listWorkspaces(root).flatMap((w) => [
    ...sources(join(w.dir, 'src')),
    ...sources(join(w.dir, 'scripts')),
    ...sources(join(w.dir, 'bin')),
  ]);
  return files.filter((file) => {
    const path = relative(root, file);
    if (BEFORE_INSTALL.includes(path)) return false;
    const text = readFileSync(file, 'utf8');
    return /\.parseAsync\(|\.parse\(\)/.test(text) || path.startsWith('packages/tooling/bin/');
  });
}

describe('every CLI', () => {
  const entries = cliEntries();

  it('is found: gpusim, when2meet, statuspage, the projects, publish-drafts and the tooling commands', () => {
    const paths = entries.map((file) => relative(root, file));
    for (const expected of [
      'packages/scheduler/src/cli/main.ts',
      'packages/when2meet/src/cli/main.ts',
      'packages/statuspage/src/cli/main.ts',
      'projects/github-outages/src/cli.ts',
      'projects/gpu-scheduling/src/cli/analyze.ts',
      'projects/gpu-scheduling/src/cli/experiments.ts',
      'blog/scripts/publish-drafts.ts',
      'packages/tooling/bin/test.mjs',
      'packages/tooling/bin/start.mjs',
      'packages/tooling/bin/new-project.mjs',
      'packages/tooling/bin/ensure-chromium.mjs',
    ])
      expect(paths).toContain(expected);
  });

  it("runs its main through kit's error boundary (one line; the stack of an unexpected error under -v)", () => {
    const without = entries.filter((file) => !readFileSync(file, 'utf8').includes('runCli('));
    expect(without.map((file) => relative(root, file))).toEqual([]);
  });

  it("parses numbers only through kit's numberFlag/parseNumberFlag", () => {
    // commander's InvalidArgumentError prints several lines with the help; `Number` as a parser
    // takes "abc" as NaN and "0x10" as 16.
    const ownParsing = /InvalidArgumentError|,\s*Number\s*[,)]|\bparse(?:Int|Float)\(|z\.coerce\.number/;
    const cliSources = listWorkspaces(root)
      .flatMap((w) => sources(join(w.dir, 'src', 'cli')))
      .concat(entries);
    const offenders = [...new Set(cliSources)].filter((file) => ownParsing.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => relative(root, file))).toEqual([]);
  });
});
