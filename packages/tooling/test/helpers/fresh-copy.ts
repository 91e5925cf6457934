import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from 'kit';

const GIT_USER = ['-c', 'user.name=devlog test', '-c', 'user.email=test@devlog.invalid'];

export interface FreshCopy {
  dir: string;
  /** `git status --porcelain` of the copy: empty when nothing tracked changed and nothing new appeared. */
  status(): string;
  remove(): void;
}

/**
 * The working tree as a fresh clone would see it: every tracked and not-ignored file copied into a
 * new git repository with one commit, nothing ignored (no dist/, out/, .turbo/, untracked run
 * files). node_modules is the one exception, hard-linked from this checkout so no install is needed;
 * its workspace links are relative, so they point into the copy. Commands that run here must not
 * rewrite files inside node_modules in place (none of npm start's or the scaffold's do).
 */
export function freshCopy(prefix = 'devlog-fresh-'): FreshCopy {
  const root = repoRoot();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  for (const file of new Set(listed.split('\0').filter(Boolean))) {
    const from = join(root, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(from, join(dir, file), { preserveTimestamps: true });
  }
  execFileSync('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')]);
  const git = (...args: string[]) =>
    execFileSync('git', [...GIT_USER, ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'fresh copy');
  return {
    dir,
    status: () => git('status', '--porcelain'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
