import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from 'kit';
import { describe, expect, it } from 'vitest';
import { listDraftProjects, publishProject } from '../src/publish/index.ts';

// The posts committed in the blog are generated from the projects' drafts and summaries:
// republishing them from the current inputs must change nothing.
describe('committed project posts', () => {
  const root = repoRoot();
  const projects = listDraftProjects(join(root, 'projects'));

  it('exist for every project with a draft', () => {
    const posts = readdirSync(join(root, 'blog', 'src', 'content', 'posts'));
    for (const project of projects) expect(posts).toContain(`${project}.md`);
  });

  it('are exactly what publish-drafts makes from the current drafts', () => {
    const blogDir = mkdtempSync(join(tmpdir(), 'blog-copy-'));
    for (const part of ['src/content/posts', 'src/assets/posts']) {
      const from = join(root, 'blog', part);
      if (existsSync(from)) cpSync(from, join(blogDir, part), { recursive: true });
    }
    for (const project of projects) {
      const result = publishProject(project, { root, blogDir });
      expect(result.status, `${project}: run npm run publish-drafts and commit the result`).toBe('unchanged');
      expect(result.assetsWritten).toEqual([]);
      expect(result.assetsRemoved).toEqual([]);
    }
  });
});
