import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FreshCopy, freshCopy } from './helpers/fresh-copy.ts';

describe("npm start's jobs on a fresh clone", () => {
  let copy: FreshCopy;
  beforeAll(() => {
    copy = freshCopy('devlog-start-');
  });
  afterAll(() => copy?.remove());

  const start = () =>
    spawnSync('node', [join(copy.dir, 'packages', 'tooling', 'bin', 'start.mjs'), '--no-serve'], {
      cwd: copy.dir,
      encoding: 'utf8',
      env: { ...process.env, CI: '' },
    });

  it('build, simulate, analyse, publish and build the blog, and leave git status clean', () => {
    const first = start();
    expect(first.status, first.stderr.slice(-3000)).toBe(0);
    // Everything it made went to untracked, ignored paths...
    expect(existsSync(join(copy.dir, 'out', 'philly', 'run.gpuviz'))).toBe(true);
    expect(existsSync(join(copy.dir, 'blog', 'dist', 'index.html'))).toBe(true);
    // ...and every tracked file (committed data, charts, published posts) is as committed.
    expect(copy.status()).toBe('');

    // Run again: the simulation is there, so only what is cheap and deterministic runs, still clean.
    const second = start();
    expect(second.status, second.stderr.slice(-3000)).toBe(0);
    expect(second.stderr).toContain('out/philly is there already');
    expect(copy.status()).toBe('');
  }, 600_000);
});
