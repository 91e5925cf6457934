import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from 'kit';
import { describe, expect, it } from 'vitest';
import { scaffoldProject } from '../src/new-project.ts';

function fakeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'devlog-root-'));
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'devlog', workspaces: ['packages/*', 'projects/*'] }),
  );
  mkdirSync(join(root, 'packages', 'kit'), { recursive: true });
  writeFileSync(join(root, 'packages', 'kit', 'package.json'), JSON.stringify({ name: 'kit' }));
  mkdirSync(join(root, 'projects'));
  return root;
}

describe('scaffoldProject', () => {
  it('creates the folders, draft frontmatter and package scripts', () => {
    const root = fakeRoot();
    const files = scaffoldProject(root, 'gpu-costs', { date: '2026-11-29' });
    const dir = join(root, 'projects', 'gpu-costs');
    for (const sub of ['data', 'charts', 'post/draft.md', 'src/analyze.ts', 'README.md']) {
      expect(existsSync(join(dir, sub)), sub).toBe(true);
    }
    expect(files).toContain('package.json');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('gpu-costs');
    expect(Object.keys(manifest.scripts)).toEqual(expect.arrayContaining(['dev', 'analyze', 'test']));
    const draft = readFileSync(join(dir, 'post', 'draft.md'), 'utf8');
    const frontmatter = draft.split('---')[1] ?? '';
    for (const key of ['title', 'description', 'date', 'tags', 'draft'])
      expect(frontmatter).toMatch(new RegExp(`^${key}:`, 'm'));
    expect(frontmatter).toMatch(/^draft: true$/m);
    expect(frontmatter).toMatch(/^date: 2026-11-29$/m);
  });

  it('refuses names that are not lowercase kebab-case', () => {
    const root = fakeRoot();
    for (const bad of ['GpuCosts', 'gpu_costs', '-gpu', 'gpu--costs', '1gpu', '', 'a/b']) {
      expect(() => scaffoldProject(root, bad, { date: '2026-11-29' }), bad).toThrow(
        /expected lowercase kebab-case/,
      );
    }
  });

  it('refuses an existing project and a taken workspace name', () => {
    const root = fakeRoot();
    scaffoldProject(root, 'gpu-costs', { date: '2026-11-29' });
    expect(() => scaffoldProject(root, 'gpu-costs', { date: '2026-11-29' })).toThrow(
      'projects/gpu-costs already exists',
    );
    expect(() => scaffoldProject(root, 'kit', { date: '2026-11-29' })).toThrow(/already the workspace/);
  });
});

describe('npm run new-project', () => {
  it('scaffolds a project whose own test passes, and refuses a bad name with one line', () => {
    const real = repoRoot();
    const root = fakeRoot();
    cpSync(join(real, 'packages', 'tooling'), join(root, 'packages', 'tooling'), { recursive: true });
    // The copied bin resolves tsx and kit from the real install.
    cpSync(join(real, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
    cpSync(join(real, 'vitest.shared.ts'), join(root, 'vitest.shared.ts'));
    const bin = join(root, 'packages', 'tooling', 'bin', 'new-project.mjs');
    const env = { ...process.env };
    // Dependencies (tsx, kit, vitest) come from the real install.
    symlinkSync(join(real, 'node_modules'), join(root, 'node_modules'), 'dir');

    const ok = spawnSync('node', [bin, 'weekly-notes', '--no-install'], { cwd: root, env, encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('created projects/weekly-notes/');

    const bad = spawnSync('node', [bin, 'Weekly_Notes', '--no-install'], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual([
      'new-project: project name: expected lowercase kebab-case such as "gpu-costs", got "Weekly_Notes"',
    ]);

    const again = spawnSync('node', [bin, 'weekly-notes', '--no-install'], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('projects/weekly-notes already exists');

    const vitest = join(real, 'node_modules', 'vitest', 'vitest.mjs');
    const test = spawnSync('node', [vitest, 'run', '--reporter=dot'], {
      cwd: join(root, 'projects', 'weekly-notes'),
      env,
      encoding: 'utf8',
    });
    expect(test.status, test.stdout + test.stderr).toBe(0);
  }, 60_000);
});
