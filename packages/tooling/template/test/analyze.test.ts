import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { summarise } from '../src/analyze.ts';

it('counts data rows per CSV file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'analyze-'));
  writeFileSync(join(dir, 'a.csv'), 'x\n1\n2\n');
  writeFileSync(join(dir, 'b.csv'), 'y\n');
  expect(summarise(dir).rows).toEqual({ 'a.csv': 2, 'b.csv': 0, total: 2 });
});
