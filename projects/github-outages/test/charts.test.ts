import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, defaultPaths } from '../src/analyze.ts';
import { ROOT } from './helpers.ts';

describe('committed outputs', () => {
  it('regenerate byte for byte from the committed data', async () => {
    const out = await mkdtemp(join(tmpdir(), 'github-outages-'));
    try {
      const paths = defaultPaths(ROOT);
      await analyze({ ...paths, summaryFile: join(out, 'summary.json'), chartsDir: join(out, 'charts') });
      expect(await readFile(join(out, 'summary.json'), 'utf8')).toBe(
        await readFile(paths.summaryFile, 'utf8'),
      );
      const fresh = (await readdir(join(out, 'charts'))).sort();
      expect(fresh).toEqual((await readdir(paths.chartsDir)).filter((f) => !f.startsWith('.')).sort());
      expect(fresh).toHaveLength(24);
      for (const file of fresh) {
        const [a, b] = await Promise.all([
          readFile(join(out, 'charts', file)),
          readFile(join(paths.chartsDir, file)),
        ]);
        expect(a.equals(b), file).toBe(true);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
