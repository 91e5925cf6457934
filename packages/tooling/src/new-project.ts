import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from 'kit';
import { listWorkspaces } from './workspaces.ts';

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export interface ScaffoldOptions {
  /** Frontmatter date of the draft, YYYY-MM-DD. */
  date: string;
}

/**
 * Create projects/<name>/ with data/, charts/, post/draft.md, src/, test/, package.json and a
 * README. Refuses names that are not lowercase kebab-case or that are already taken.
 * Returns the files it wrote, relative to the project folder.
 */
export function scaffoldProject(root: string, name: string, options: ScaffoldOptions): string[] {
  if (!NAME.test(name)) {
    throw InputError.expected({ field: 'project name' }, 'lowercase kebab-case such as "gpu-costs"', name);
  }
  const dir = join(root, 'projects', name);
  if (existsSync(dir))
    throw new InputError({ field: 'project name' }, `projects/${name} already exists; pick another name`);
  const taken = listWorkspaces(root).find((w) => w.name === name);
  if (taken)
    throw new InputError({ field: 'project name' }, `"${name}" is already the workspace in ${taken.dir}`);

  const files = projectFiles(name, options.date);
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, content);
  }
  for (const empty of ['data', 'charts']) mkdirSync(join(dir, empty), { recursive: true });
  return Object.keys(files).sort();
}

function projectFiles(name: string, date: string): Record<string, string> {
  const title = name
    .split('-')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
  const manifest = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      dev: 'tsx watch src/analyze.ts',
      analyze: 'tsx src/analyze.ts',
      test: 'vitest run',
      typecheck: 'tsc -p tsconfig.json',
      lint: 'biome check .',
    },
    dependencies: { charts: '*', kit: '*' },
  };
  return {
    'package.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'tsconfig.json': '{ "extends": "../../tsconfig.base.json", "include": ["src", "test", "*.ts"] }\n',
    'vitest.config.ts': `import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

export default mergeConfig(shared, defineConfig({}));
`,
    'data/.gitkeep': '',
    'charts/.gitkeep': '',
    'post/draft.md': `---
title: "${title}"
description: "One sentence on what this post finds."
date: ${date}
tags: []
draft: true
---

Start with the question, then what the data says. Numbers come from data/summary.json as
placeholders such as {{rows.total}}, filled in when the draft is published.
`,
    'src/analyze.ts': `import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomicSync } from 'kit';

/** Count the data rows of every CSV in data/; the figures the post quotes go in summary.json. */
export function summarise(dataDir: string): { rows: Record<string, number> } {
  const rows: Record<string, number> = {};
  let total = 0;
  for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.csv')).sort()) {
    const lines = readFileSync(join(dataDir, file), 'utf8').split('\\n').filter((l) => l.trim() !== '');
    rows[file] = Math.max(0, lines.length - 1);
    total += rows[file];
  }
  return { rows: { ...rows, total } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dataDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
  writeFileAtomicSync(join(dataDir, 'summary.json'), \`\${JSON.stringify(summarise(dataDir), null, 2)}\\n\`);
}
`,
    'test/analyze.test.ts': `import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { summarise } from '../src/analyze.ts';

it('counts data rows per CSV file', () => {
  const dir = mkdtempSync(join(tmpdir(), '${name}-'));
  writeFileSync(join(dir, 'a.csv'), 'x\\n1\\n2\\n');
  writeFileSync(join(dir, 'b.csv'), 'y\\n');
  expect(summarise(dir).rows).toEqual({ 'a.csv': 2, 'b.csv': 0, total: 2 });
});
`,
    'README.md': `# ${title}

An analysis project of the devlog monorepo. \`data/\` holds the inputs and \`data/summary.json\`,
\`charts/\` the rendered charts, \`post/draft.md\` the article.

\`\`\`sh
npm run analyze -w ${name}     # data/ -> data/summary.json (+ charts)
npm test -w ${name}
npm run publish-drafts -- --project ${name}
\`\`\`
`,
  };
}
