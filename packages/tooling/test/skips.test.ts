import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from 'kit';
import { describe, expect, it } from 'vitest';
import { listWorkspaces } from '../src/workspaces.ts';

const root = repoRoot();

/** The TypeScript under every workspace's test/ folder, fixtures left out. */
function testFiles(): string[] {
  return listWorkspaces(root).flatMap((workspace) => {
    const dir = join(workspace.dir, 'test');
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.split('/').includes('fixtures'))
      .map((file) => join(dir, file));
  });
}

describe('skipped tests', () => {
  it('are skipped only through kit/testing, which records the reason npm test prints', () => {
    const plain =
      /\b(?:it|test|describe)\s*\.\s*(?:skip|skipIf|todo|only)\b|\bctx\.skip\(|\bx(?:it|describe)\(/;
    const files = testFiles();
    expect(files.length).toBeGreaterThan(40);
    const offenders = files.filter(
      (file) => file !== import.meta.filename && plain.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((file) => relative(root, file))).toEqual([]);
    // The detector itself: a plain skip is caught.
    expect(plain.test("it.skip('x', () => {})")).toBe(true);
    expect(plain.test("describe.skipIf(!shared)('x', () => {})")).toBe(true);
  });
});
