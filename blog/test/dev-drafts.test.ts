import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { astroEnv } from '../scripts/lib/build.ts';
import { freePort } from '../scripts/lib/free-port.ts';
import { sourcePosts } from './site-posts.ts';

const blogDir = join(import.meta.dirname, '..');
const drafts = sourcePosts(blogDir).filter((post) => post.draft);

describe('astro dev', () => {
  let dev: ChildProcess | undefined;
  let url = '';
  /** What astro dev printed, shown when a check fails. */
  let output = '';

  beforeAll(async () => {
    const port = await freePort();
    // The CLI entry is not exported; find it beside the package manifest, which is.
    const astro = join(dirname(createRequire(import.meta.url).resolve('astro/package.json')), 'astro.js');
    dev = spawn(process.execPath, [astro, 'dev', '--host', '127.0.0.1', '--port', String(port)], {
      cwd: blogDir,
      env: { ...astroEnv(), NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = `http://127.0.0.1:${port}`;
    await new Promise<void>((ready, fail) => {
      const listen = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(`127.0.0.1:${port}`)) ready();
      };
      dev!.stdout!.on('data', listen);
      dev!.stderr!.on('data', listen);
      dev!.once('exit', (code) => fail(new Error(`astro dev exited with ${code}: ${output.slice(-500)}`)));
    });
  }, 120_000);

  afterAll(() => {
    dev?.kill('SIGTERM');
  });

  // The first request makes the dev server compile everything: slow on a busy machine.
  it('shows drafts while writing, marked as drafts', async () => {
    expect(drafts.length).toBeGreaterThan(0);
    const home = await (await fetch(`${url}/`)).text();
    expect(home, output.slice(-800)).toContain('Recent posts');
    for (const draft of drafts) {
      const page = await fetch(`${url}/posts/${draft.id}/`);
      expect(page.status, output.slice(-800)).toBe(200);
      expect(await page.text()).toContain('Draft: not in production builds');
      expect(home).toContain(`/posts/${draft.id}/`);
    }
  });
});
