import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calendarReader } from '../src/openclaw.ts';

// Calendar paths an OpenClaw run gives the fill tool, read under that run's file policy.
const root = mkdtempSync(join(tmpdir(), 'when2meet-policy-'));
const workspace = join(root, 'workspace');
const shared = join(root, 'shared');
mkdirSync(workspace);
mkdirSync(shared);
writeFileSync(join(workspace, 'me.ics'), 'inside');
writeFileSync(join(shared, 'team.ics'), 'read-only root');
writeFileSync(join(root, 'secret.ics'), 'outside');
symlinkSync(join(root, 'secret.ics'), join(workspace, 'link.ics'));

describe('calendarReader', () => {
  it('reads relative to the workspace, and anywhere when the policy allows', async () => {
    const open = calendarReader({ workspaceDir: workspace });
    expect(await open('me.ics')).toBe('inside');
    expect(await open(join(root, 'secret.ics'))).toBe('outside');
  });

  it('keeps a workspace-only run inside the workspace and its read-only roots, symlinks included', async () => {
    const open = calendarReader({
      workspaceDir: workspace,
      fsPolicy: { workspaceOnly: true, readOnlyRoots: [shared] },
    });
    expect(await open('me.ics')).toBe('inside');
    expect(await open(join(shared, 'team.ics'))).toBe('read-only root');
    await expect(open(join(root, 'secret.ics'))).rejects.toThrow(/secret\.ics: is outside the workspace/);
    await expect(open('link.ics')).rejects.toThrow(/link\.ics: is outside the workspace/);
    await expect(open('../secret.ics')).rejects.toThrow(/is outside the workspace/);
  });

  it('refuses host files to a sandboxed run, pointing at icsText', async () => {
    await expect(calendarReader({ workspaceDir: workspace, sandboxed: true })('me.ics')).rejects.toThrow(
      /ics: a sandboxed run cannot read host files; pass the calendar text as icsText/,
    );
  });
});
