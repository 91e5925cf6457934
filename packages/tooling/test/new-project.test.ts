import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaffoldProject, titleOf } from '../src/new-project.ts';
import { type FreshCopy, freshCopy } from './helpers/fresh-copy.ts';

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
    expect(frontmatter).toMatch(/^title: "GPU Costs"$/m);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/^# GPU Costs\n/);
    expect(files).not.toEqual(expect.arrayContaining([expect.stringMatching(/__|\\/)]));
    for (const file of files)
      expect(readFileSync(join(dir, file), 'utf8')).not.toMatch(/__(NAME|TITLE|DATE)__/);
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

describe('titleOf', () => {
  it('capitalises words and keeps known acronyms in capitals', () => {
    expect(titleOf('gpu-costs')).toBe('GPU Costs');
    expect(titleOf('llm-api-latency')).toBe('LLM API Latency');
    expect(titleOf('weekly-notes')).toBe('Weekly Notes');
    expect(titleOf('gpus')).toBe('Gpus');
  });
});

describe('npm run new-project in a fresh copy of the repo', () => {
  let copy: FreshCopy;
  beforeAll(() => {
    copy = freshCopy('devlog-scaffold-');
  });
  afterAll(() => copy?.remove());

  const run = (command: string, args: string[], cwd = copy.dir) =>
    spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: '' } });

  it('scaffolds a project that passes its own typecheck, lint and tests, and refuses a bad name in one line', () => {
    const bin = join(copy.dir, 'packages', 'tooling', 'bin', 'new-project.mjs');
    const ok = run('node', [bin, 'gpu-costs', '--no-install']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('created projects/gpu-costs/');
    const project = join(copy.dir, 'projects', 'gpu-costs');
    expect(readFileSync(join(project, 'post', 'draft.md'), 'utf8')).toMatch(/^title: "GPU Costs"$/m);

    for (const script of ['typecheck', 'lint', 'test', 'analyze']) {
      const result = run('npm', ['run', script, '-w', 'gpu-costs']);
      expect(result.status, `npm run ${script}: ${result.stdout}${result.stderr}`).toBe(0);
    }
    expect(JSON.parse(readFileSync(join(project, 'data', 'summary.json'), 'utf8'))).toEqual({
      rows: { total: 0 },
    });

    const bad = run('node', [bin, 'Weekly_Notes', '--no-install']);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual([
      'new-project: project name: expected lowercase kebab-case such as "gpu-costs", got "Weekly_Notes"',
    ]);
    const again = run('node', [bin, 'gpu-costs', '--no-install']);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(
      'new-project: project name: projects/gpu-costs already exists; pick another name\n',
    );
  }, 240_000);
});
