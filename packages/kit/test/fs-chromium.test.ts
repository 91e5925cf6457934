import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../src/atomic.ts';
import { ChromiumNotFoundError, DEBIAN_CHROMIUM, findChromium, launchChromium } from '../src/chromium.ts';
import { repoRoot, sharedPath } from '../src/repo.ts';

describe('atomic writes', () => {
  it('replaces the file and leaves no temp files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-'));
    const path = join(dir, 'sub', 'out.txt');
    await writeFileAtomic(path, 'one');
    writeFileAtomicSync(path, 'two');
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['out.txt']);
  });

  it('keeps the old content when the write fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-'));
    const path = join(dir, 'out.txt');
    writeFileSync(path, 'old');
    // A directory where the file should go makes rename fail after the temp file was written.
    const blocked = join(dir, 'blocked');
    await writeFileAtomic(join(blocked, 'x'), 'x');
    await expect(writeFileAtomic(blocked, 'new')).rejects.toThrow();
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['blocked', 'out.txt']);
  });
});

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH when it exists', () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
  });

  it('names all three places when none has a browser', () => {
    if (existsSync(DEBIAN_CHROMIUM)) {
      // With Debian's Chromium installed, a missing CHROMIUM_PATH falls through to it.
      expect(findChromium({ CHROMIUM_PATH: '/nope/chrome' })).toBe(DEBIAN_CHROMIUM);
      return;
    }
    try {
      findChromium({ CHROMIUM_PATH: '/nope/chrome' });
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ChromiumNotFoundError);
      const message = (error as Error).message;
      expect(message).toContain('CHROMIUM_PATH=/nope/chrome');
      expect(message).toContain(DEBIAN_CHROMIUM);
      expect(message).toContain("Playwright's own");
    }
  });

  it('launches a page that runs JavaScript', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent(
        '<p id="x"></p><script>document.getElementById("x").textContent = String(6 * 7)</script>',
      );
      expect(await page.textContent('#x')).toBe('42');
    } finally {
      await browser.close();
    }
  });
});

describe('repo paths', () => {
  it('finds the workspace root', () => {
    const root = repoRoot();
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces).toBeDefined();
  });

  it('returns undefined for a shared path that does not exist', () => {
    expect(sharedPath('no-such-folder-here')).toBeUndefined();
  });
});
