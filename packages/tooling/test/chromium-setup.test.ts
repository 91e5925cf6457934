import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureChromium, type Machine, planChromium, thisMachine } from '../src/chromium-setup.ts';

const debianRoot: Machine = { uid: 0, distro: ['debian'], aptGet: true };
const debianUser: Machine = { ...debianRoot, uid: 1000 };

describe('planChromium', () => {
  it('uses a Chromium that is there, whoever runs', () => {
    expect(planChromium('/usr/bin/chromium', debianUser, {})).toEqual({
      kind: 'found',
      path: '/usr/bin/chromium',
    });
  });

  it('installs with apt-get only as root on Debian or Ubuntu', () => {
    expect(planChromium(undefined, debianRoot, {})).toEqual({ kind: 'install' });
    expect(planChromium(undefined, { ...debianRoot, distro: ['ubuntu', 'debian'] }, {})).toEqual({
      kind: 'install',
    });
  });

  it('says exactly what to run when it may not install', () => {
    const user = planChromium(undefined, debianUser, {});
    expect(user).toEqual({
      kind: 'missing',
      advice:
        'no Chromium: run `sudo apt-get install -y chromium` (or set CHROMIUM_PATH to a Chromium); the browser tests are skipped',
    });
    const fedora = planChromium(undefined, { uid: 0, distro: ['fedora'], aptGet: false }, {});
    expect(fedora.kind === 'missing' && fedora.advice).toMatch(/set CHROMIUM_PATH to it; the browser tests/);
    expect(planChromium(undefined, debianRoot, { CHROMIUM_PATH: 'none' })).toEqual({
      kind: 'missing',
      advice: 'CHROMIUM_PATH=none: the browser tests are skipped',
    });
  });

  it('reads the distribution from os-release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'os-release-'));
    const file = join(dir, 'os-release');
    writeFileSync(file, 'PRETTY_NAME="Ubuntu 24.04 LTS"\nID=ubuntu\nID_LIKE=debian\n');
    expect(thisMachine({ PATH: '' }, file)).toMatchObject({ distro: ['ubuntu', 'debian'], aptGet: false });
    expect(thisMachine({ PATH: '' }, join(dir, 'absent')).distro).toEqual([]);
  });
});

/** A fake apt-get first on PATH: logs its arguments and, on install, "installs" a browser file. */
function fakeAptGet(failInstall = false) {
  const dir = mkdtempSync(join(tmpdir(), 'fake-apt-'));
  const log = join(dir, 'calls.log');
  const browser = join(dir, 'chromium');
  writeFileSync(
    join(dir, 'apt-get'),
    `#!/bin/sh
echo "$DEBIAN_FRONTEND $*" >> ${log}
if [ "$1" = install ]; then
  ${failInstall ? 'echo "E: Unable to locate package chromium" >&2; exit 100' : `touch ${browser}`}
fi
`,
  );
  chmodSync(join(dir, 'apt-get'), 0o755);
  const env = { PATH: `${dir}${delimiter}${process.env.PATH}` };
  const find = () => (existsSync(browser) ? browser : undefined);
  return { env, find, calls: () => readFileSync(log, 'utf8').trim().split('\n'), browser };
}

describe('ensureChromium', () => {
  it('installs Chromium with apt-get as root on Debian, with one progress line', () => {
    const apt = fakeAptGet();
    const lines: string[] = [];
    const setup = ensureChromium({
      env: apt.env,
      machine: debianRoot,
      find: apt.find,
      log: (l) => lines.push(l),
    });
    expect(setup).toEqual({ path: apt.browser });
    expect(apt.calls()).toEqual(['noninteractive update -qq', 'noninteractive install -y -qq chromium']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^devlog: no Chromium found; installing it with apt-get/);
  });

  it('says what apt-get refused, in one line', () => {
    const apt = fakeAptGet(true);
    expect(() =>
      ensureChromium({ env: apt.env, machine: debianRoot, find: apt.find, log: () => {} }),
    ).toThrow('apt-get install -y -qq chromium failed (exit 100): E: Unable to locate package chromium');
  });

  it('runs nothing and prints the advice once when it may not install', () => {
    const apt = fakeAptGet();
    const lines: string[] = [];
    const setup = ensureChromium({
      env: apt.env,
      machine: debianUser,
      find: apt.find,
      log: (l) => lines.push(l),
    });
    expect(setup.path).toBeUndefined();
    expect(setup.missing).toMatch(/sudo apt-get install -y chromium/);
    expect(lines).toEqual([`devlog: ${setup.missing}`]);
    expect(existsSync(apt.browser)).toBe(false);
  });
});
