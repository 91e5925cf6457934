import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findChromium } from 'kit';

/**
 * How `npm test`, `npm start` and `.ci/run` get a Chromium: the one path a person and CI take.
 * Found (kit's findChromium: CHROMIUM_PATH, /usr/bin/chromium, Playwright's own) -> use it. Missing,
 * as root on Debian or Ubuntu -> `apt-get install -y chromium`, quietly, with one progress line.
 * Missing otherwise -> one line saying exactly what to run; the browser tests are then skipped.
 */

export interface Machine {
  /** Effective user id; undefined where the platform has none (Windows). */
  uid: number | undefined;
  /** /etc/os-release's ID and ID_LIKE words, e.g. ['debian'] or ['ubuntu', 'debian']. */
  distro: string[];
  /** apt-get is on PATH. */
  aptGet: boolean;
}

export type ChromiumPlan =
  | { kind: 'found'; path: string }
  | { kind: 'install' }
  | { kind: 'missing'; advice: string };

const isDebianLike = (machine: Machine) => machine.distro.some((id) => id === 'debian' || id === 'ubuntu');

/** What to do, from what was found and what this machine is. Pure, so every branch is tested. */
export function planChromium(
  found: string | undefined,
  machine: Machine,
  env: NodeJS.ProcessEnv,
): ChromiumPlan {
  if (found) return { kind: 'found', path: found };
  if (env.CHROMIUM_PATH === 'none')
    return { kind: 'missing', advice: 'CHROMIUM_PATH=none: the browser tests are skipped' };
  if (isDebianLike(machine) && machine.aptGet) {
    if (machine.uid === 0) return { kind: 'install' };
    return {
      kind: 'missing',
      advice:
        'no Chromium: run `sudo apt-get install -y chromium` (or set CHROMIUM_PATH to a Chromium); the browser tests are skipped',
    };
  }
  return {
    kind: 'missing',
    advice:
      "no Chromium: install Chromium with your system's package manager and set CHROMIUM_PATH to it; the browser tests are skipped",
  };
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

/** This machine's facts, read from the process, /etc/os-release and PATH. */
export function thisMachine(env: NodeJS.ProcessEnv = process.env, osRelease = '/etc/os-release'): Machine {
  let distro: string[] = [];
  if (existsSync(osRelease)) {
    const text = readFileSync(osRelease, 'utf8');
    const field = (key: string) =>
      new RegExp(`^${key}=["']?([^"'\\n]*)`, 'm').exec(text)?.[1]?.toLowerCase().split(/\s+/) ?? [];
    distro = [...field('ID'), ...field('ID_LIKE')].filter(Boolean);
  }
  return { uid: process.getuid?.(), distro, aptGet: onPath('apt-get', env) };
}

/** kit's findChromium, with undefined for "none found" instead of an error. */
export function findChromiumOrNone(env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    return findChromium(env);
  } catch {
    return undefined;
  }
}

export interface EnsureChromiumOptions {
  env?: NodeJS.ProcessEnv;
  machine?: Machine;
  /** The lookup, undefined when there is none; kit's findChromium by default. */
  find?: () => string | undefined;
  /** Progress and advice lines (stderr in real use). */
  log: (line: string) => void;
}

export interface ChromiumSetup {
  /** The Chromium to use, when there is one. */
  path?: string;
  /** Why there is none, in one line, when there is none. */
  missing?: string;
}

/** Find Chromium, installing it with apt-get where that is ours to do (root on Debian/Ubuntu). */
export function ensureChromium(options: EnsureChromiumOptions): ChromiumSetup {
  const env = options.env ?? process.env;
  const machine = options.machine ?? thisMachine(env);
  const find = options.find ?? (() => findChromiumOrNone(env));
  const plan = planChromium(find(), machine, env);
  if (plan.kind === 'found') return { path: plan.path };
  if (plan.kind === 'missing') {
    options.log(`devlog: ${plan.advice}`);
    return { missing: plan.advice };
  }
  options.log('devlog: no Chromium found; installing it with apt-get (Debian chromium, about a minute)...');
  aptInstall(['chromium'], env);
  const path = find();
  if (!path) throw new Error('apt-get installed chromium, but no Chromium is found at /usr/bin/chromium');
  return { path };
}

/** `apt-get update` then `apt-get install -y <packages>`, output kept unless it fails. */
export function aptInstall(packages: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const run = (args: string[]) => {
    const result = spawnSync('apt-get', args, {
      encoding: 'utf8',
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) {
      const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().split('\n');
      const last = output.filter((line) => line.trim()).at(-1) ?? result.error?.message ?? 'no output';
      throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status ?? 'none'}): ${last.trim()}`);
    }
  };
  run(['update', '-qq']);
  run(['install', '-y', '-qq', ...packages]);
}
