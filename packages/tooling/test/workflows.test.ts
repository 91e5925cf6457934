import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { repoRoot } from 'kit';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = repoRoot();
const read = (name: string) => readFileSync(join(root, '.github', 'workflows', name), 'utf8');

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { steps: { run?: string; uses?: string }[] }>;
  permissions?: Record<string, string>;
}

describe('GitHub workflows', () => {
  for (const name of ['ci.yml', 'scrape.yml']) {
    it(`${name} is a valid workflow`, () => {
      const state = validateWorkflow(read(name));
      expect(state.errors).toEqual([]);
    });
  }

  it('the validator rejects a broken workflow, so the checks above can fail', () => {
    const state = validateWorkflow('on: push\njobs:\n  x:\n    steps: 3\n');
    expect(state.errors.length).toBeGreaterThan(0);
  });

  it('CI runs .ci/run on push and pull request', () => {
    const ci = parse(read('ci.yml')) as Workflow;
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    const runs = Object.values(ci.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ''));
    expect(runs.some((r) => r.includes('bash .ci/run'))).toBe(true);
  });

  it('the scrape workflow is weekly, can be started by hand, and commits data and charts', () => {
    const scrape = parse(read('scrape.yml')) as Workflow;
    const schedule = scrape.on.schedule as { cron: string }[];
    expect(schedule[0]?.cron.split(' ')).toHaveLength(5);
    expect(schedule[0]?.cron.split(' ')[4]).toMatch(/^[0-6]$/);
    expect(scrape.on).toHaveProperty('workflow_dispatch');
    expect(scrape.permissions?.contents).toBe('write');
    const script = Object.values(scrape.jobs)
      .flatMap((j) => j.steps.map((s) => s.run ?? ''))
      .join('\n');
    expect(script).toContain('turbo run scrape');
    expect(script).toContain('turbo run analyze');
    expect(script).toMatch(/git add projects\/\*\/data projects\/\*\/charts/);
    expect(script).toContain('git push');
  });
});
