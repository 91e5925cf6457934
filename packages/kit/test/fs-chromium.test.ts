import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../src/atomic.ts';
import { ChromiumNotFoundError, DEBIAN_CHROMIUM, findChromium, launchChromium } from '../src/chromium.ts';
import { repoRoot, sharedPath } from '../src/repo.ts';
import { chromiumMissing, itUnless, sharedMissing, skipUnless } from '../src/testing.ts';

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

const runnableHere = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH when it exists', () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
  });

  it('passes over a CHROMIUM_PATH it could not run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-'));
    const notRunnable = join(dir, 'chromium');
    writeFileSync(notRunnable, '');
    const found = (() => {
      try {
        return findChromium({ CHROMIUM_PATH: notRunnable });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(found).not.toBe(notRunnable);
    expect(found === DEBIAN_CHROMIUM || /CHROMIUM_PATH=.* \(missing or not executable\)/.test(found)).toBe(
      true,
    );
  });

  it('names all three places when none has a browser', () => {
    if (runnableHere(DEBIAN_CHROMIUM)) {
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

  it('takes CHROMIUM_PATH=none as "no browser here" and looks no further', () => {
    expect(() => findChromium({ CHROMIUM_PATH: 'none' })).toThrow(
      /no Chromium found: tried nothing \(CHROMIUM_PATH=none\)/,
    );
  });

  itUnless(chromiumMissing(), 'launches a page that runs JavaScript', async () => {
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

describe('skip reasons', () => {
  it('names what is missing, and fails instead where DEVLOG_REQUIRE asks for it', () => {
    expect(skipUnless('slurm', undefined, { DEVLOG_REQUIRE: 'slurm' })).toBeUndefined();
    expect(skipUnless('slurm', 'no controller', {})).toBe('no controller');
    expect(skipUnless('slurm', 'no controller', { DEVLOG_REQUIRE: 'chromium' })).toBe('no controller');
    expect(() => skipUnless('slurm', 'no controller', { DEVLOG_REQUIRE: 'chromium, slurm' })).toThrow(
      'no controller; DEVLOG_REQUIRE=chromium, slurm says slurm must be here',
    );
  });

  it('knows when there is no Chromium and when the shared folder is absent', () => {
    expect(chromiumMissing({ CHROMIUM_PATH: 'none' })).toBe('no Chromium: CHROMIUM_PATH=none');
    expect(chromiumMissing({ CHROMIUM_PATH: process.execPath })).toBeUndefined();
    expect(() => chromiumMissing({ CHROMIUM_PATH: 'none', DEVLOG_REQUIRE: 'chromium' })).toThrow(
      /must be here/,
    );
    expect(sharedMissing('no-such-folder-here')).toBe('../shared/no-such-folder-here is absent');
  });
});
