import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from 'kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkPost,
  formatWarning,
  lintDraft,
  listDraftProjects,
  publishProject,
  sourceLines,
} from '../src/publish/index.ts';
import { DARK_SVG, DRAFT, type FakeRepo, LIGHT_SVG, makeFakeRepo, PNG } from './fake-project.ts';

const POST = 'blog/src/content/posts/demo.md';
const ASSETS = 'blog/src/assets/posts/demo';

let repo: FakeRepo;
const read = (path: string) => readFileSync(join(repo.root, path), 'utf8');
const publish = (force = false) => publishProject('demo', { root: repo.root, force });

/** The error a call throws, so tests can check its class and exact message. */
function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}

beforeEach(() => {
  repo = makeFakeRepo();
});
afterEach(() => {
  rmSync(repo.root, { recursive: true, force: true });
});

describe('publishing a draft', () => {
  it('finds the projects that have a draft', () => {
    repo.write('projects/no-draft/README.md', 'nothing to publish');
    expect(listDraftProjects(join(repo.root, 'projects'))).toEqual(['demo']);
  });

  it('rewrites image links to copies inside the blog and adds dark twins', () => {
    const result = publish();
    expect(result.status).toBe('written');
    expect(result.post).toBe(POST);
    const post = read(POST);
    expect(post).toContain(
      '![Incidents per month](../../assets/posts/demo/outages.svg) ![Incidents per month](../../assets/posts/demo/outages.dark.svg)',
    );
    expect(post).toContain('![Status page](../../assets/posts/demo/photo.png "The status page")');
    expect(post).not.toContain('photo.dark');
    expect(post).toContain('![badge](https://example.com/badge.svg)');
    expect(read(`${ASSETS}/outages.svg`)).toBe(LIGHT_SVG);
    expect(read(`${ASSETS}/outages.dark.svg`)).toBe(DARK_SVG);
    expect(readFileSync(join(repo.root, ASSETS, 'photo.png')).equals(PNG)).toBe(true);
    // Only what the draft references is copied.
    expect(existsSync(join(repo.root, ASSETS, 'unused.png'))).toBe(false);
  });

  it('fills placeholders from data/summary.json, dotted paths and array indexes included, but not in code', () => {
    publish();
    const post = read(POST);
    expect(post).toContain('title: Outages by GitHub');
    expect(post).toContain('There were 128 incidents, the worst lasting 7.5 hours.');
    expect(post).toContain('{{not.a.placeholder}} and ![kept](../charts/nowhere.png)');
    expect(post).toContain('Inline code keeps `{{raw}}` too.');
  });

  it('writes frontmatter the content collection accepts, with the source and a hash', () => {
    publish();
    const post = read(POST);
    expect(post).toMatch(/^---\n# Written by `npm run publish-drafts` from projects\/demo\/post\/draft.md/);
    expect(post).toContain('date: 2026-11-20\n');
    expect(post).toContain('tags:\n  - outages\n  - github\n');
    expect(post).toContain('draft: false\n');
    expect(post).toMatch(
      /\n {2}source: projects\/demo\/post\/draft.md\n {2}hash: sha256:[0-9a-f]{64}\n---\n/,
    );
    expect(checkPost(post)).toBe('intact');
  });

  it('changes nothing when the same draft is published again', () => {
    publish();
    const files = [POST, `${ASSETS}/outages.svg`, `${ASSETS}/outages.dark.svg`, `${ASSETS}/photo.png`];
    const before = files.map((file) => ({
      text: read(file),
      mtime: statSync(join(repo.root, file)).mtimeMs,
    }));
    const again = publish();
    expect(again.status).toBe('unchanged');
    expect(again.assetsWritten).toEqual([]);
    expect(
      files.map((file) => ({ text: read(file), mtime: statSync(join(repo.root, file)).mtimeMs })),
    ).toEqual(before);
  });

  it('republishes a changed draft over an untouched post and drops images it no longer uses', () => {
    publish();
    repo.write(
      'projects/demo/post/draft.md',
      DRAFT.replace(/A photo without a twin: .*\n/, 'The photo is gone.\n'),
    );
    const result = publish();
    expect(result.status).toBe('written');
    expect(read(POST)).toContain('The photo is gone.');
    expect(result.assetsRemoved).toEqual([`${ASSETS}/photo.png`]);
    expect(existsSync(join(repo.root, ASSETS, 'photo.png'))).toBe(false);
  });

  it('copies a frontmatter social card image, without its dark twin', () => {
    repo.write(
      'projects/demo/post/draft.md',
      DRAFT.replace('tags:', 'image: ../charts/outages.svg\nimageAlt: A chart\ntags:'),
    );
    publish();
    const post = read(POST);
    expect(post).toContain('image: ../../assets/posts/demo/outages.svg\nimageAlt: A chart\n');
    expect(read(`${ASSETS}/outages.svg`)).toBe(LIGHT_SVG);
  });

  it('copies a chart again when the project re-renders it', () => {
    publish();
    repo.write('projects/demo/charts/outages.svg', LIGHT_SVG.replace('#fff', '#fefefe'));
    const result = publish();
    expect(result.status).toBe('written');
    expect(result.assetsWritten).toEqual([`${ASSETS}/outages.svg`]);
    expect(read(`${ASSETS}/outages.svg`)).toContain('#fefefe');
  });
});

describe('the hand-edit guard', () => {
  it('keeps a post edited in the blog, and --force overwrites it', () => {
    publish();
    const edited = read(POST).replace('There were', 'By my count there were');
    writeFileSync(join(repo.root, POST), edited);
    repo.write('projects/demo/post/draft.md', `${DRAFT}\nA new closing line.\n`);

    const kept = publish();
    expect(kept.status).toBe('kept');
    expect(kept.warnings.map(formatWarning)).toContainEqual(
      expect.stringMatching(
        /^blog\/src\/content\/posts\/demo\.md:1: changed by hand .* rerun with --force to overwrite it$/,
      ),
    );
    expect(read(POST)).toBe(edited);
    expect(checkPost(edited)).toBe('edited');

    expect(publish(true).status).toBe('written');
    expect(read(POST)).toContain('A new closing line.');
    expect(read(POST)).not.toContain('By my count');
  });

  it('keeps a hand-written post of the same name that has no hash', () => {
    repo.write(POST, '---\ntitle: Mine\ndate: 2026-01-01\n---\n\nWritten by hand.\n');
    expect(publish().status).toBe('kept');
    expect(read(POST)).toContain('Written by hand.');
    expect(existsSync(join(repo.root, ASSETS))).toBe(false);
  });
});

describe('bad drafts are one-line errors naming the file and line', () => {
  const withDraft = (text: string) => {
    repo.write('projects/demo/post/draft.md', text);
    const error = errorOf(() => publish());
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).not.toContain('\n');
    return error.message;
  };

  it('a missing image', () => {
    expect(withDraft(DRAFT.replace('outages.svg', 'missing.svg'))).toBe(
      'projects/demo/post/draft.md:10: expected an image file at projects/demo/charts/missing.svg, got "../charts/missing.svg"',
    );
  });

  it('an image outside the project', () => {
    repo.write('projects/other/charts/x.png', PNG);
    expect(withDraft(`${DRAFT}\n![x](../../other/charts/x.png)\n`)).toMatch(
      /^projects\/demo\/post\/draft\.md:22: expected an image inside the project folder/,
    );
  });

  it('a local image written as HTML, which the blog could not optimise', () => {
    expect(withDraft(`${DRAFT}\n<img src="../charts/photo.png" alt="x">\n`)).toMatch(
      /^projects\/demo\/post\/draft\.md:22: expected markdown image syntax/,
    );
  });

  it('a missing title', () => {
    expect(withDraft(DRAFT.replace(/^title: .*\n/m, ''))).toBe(
      'projects/demo/post/draft.md:1: title: expected a non-empty title, got nothing',
    );
  });

  it('a date that is not a calendar day', () => {
    expect(withDraft(DRAFT.replace('2026-11-20', '2026-02-30'))).toBe(
      'projects/demo/post/draft.md:4: date: expected a date like 2026-01-31, got "2026-02-30"',
    );
  });

  it('a date in another format', () => {
    expect(withDraft(DRAFT.replace('2026-11-20', '20 Nov 2026'))).toBe(
      'projects/demo/post/draft.md:4: date: expected a date like 2026-01-31, got "20 Nov 2026"',
    );
  });

  it('a placeholder the summary does not have', () => {
    expect(withDraft(`${DRAFT}\nAnd {{totals.missing}} more.\n`)).toBe(
      'projects/demo/post/draft.md:22: {{totals.missing}}: expected a string or number at "totals.missing" in projects/demo/data/summary.json, got nothing',
    );
  });

  it('a placeholder when the project has no summary', () => {
    rmSync(join(repo.root, 'projects/demo/data/summary.json'));
    expect(withDraft(DRAFT)).toMatch(
      /^projects\/demo\/post\/draft\.md:2: \{\{service\.name\}\}: expected figures in projects\/demo\/data\/summary\.json/,
    );
  });

  it('a summary that is not JSON', () => {
    repo.write('projects/demo/data/summary.json', '{\n  "service": {\n    "name": "GitHub",\n  }\n}\n');
    const error = errorOf(() => publish());
    expect(error.message).toMatch(/^projects\/demo\/data\/summary\.json:\d+: expected valid JSON/);
  });

  it('frontmatter that is not valid YAML', () => {
    expect(withDraft(DRAFT.replace('tags: [outages, github]', 'tags: [outages, github'))).toMatch(
      /^projects\/demo\/post\/draft\.md:[56]: expected valid YAML frontmatter/,
    );
  });

  it('a frontmatter image that does not exist', () => {
    expect(withDraft(DRAFT.replace('tags:', 'image: ../charts/card.png\ntags:'))).toBe(
      'projects/demo/post/draft.md:5: expected an image file at projects/demo/charts/card.png, got "../charts/card.png"',
    );
  });

  it('no frontmatter at all', () => {
    expect(withDraft('# Just a heading\n')).toBe(
      'projects/demo/post/draft.md:1: expected a YAML frontmatter block starting with "---" on line 1',
    );
  });

  it('a project without a draft', () => {
    const error = errorOf(() => publishProject('nope', { root: repo.root }));
    expect(error.message).toBe('projects/nope/post/draft.md: expected a draft here, found no file');
  });
});

describe('the draft lint', () => {
  const lint = (body: string) =>
    lintDraft(sourceLines(body, 10), 'draft.md').map((w) => `${w.line}: ${w.message}`);

  it('is quiet on plain prose', () => {
    expect(
      lint('One paragraph.\n\n## A section\n\nAnother paragraph, with a list:\n\n- one\n- two\n'),
    ).toEqual([]);
  });

  it('flags every em-dash with its line, but not inside code', () => {
    const dash = '\u2014';
    const warnings = lint(`Fine.\nThis ${dash} that.\n\`\`\`\ncode ${dash} here\n\`\`\`\n`);
    expect(warnings).toEqual(['11: em-dash: use a comma, colon, parentheses or two sentences']);
  });

  it('flags more than three section headers at the fourth', () => {
    const warnings = lint('## One\ntext\n## Two\ntext\n## Three\ntext\n### Four\ntext\n');
    expect(warnings).toEqual([
      '16: 4 section headers: more than 3 reads like an outline, let the prose carry it',
    ]);
  });

  it('flags a section made mostly of bullets', () => {
    const warnings = lint('Intro.\n\n## Findings\n\nSome context.\n\n- a\n- b\n- c\n* d\n1. e\n');
    expect(warnings).toEqual(['12: section is mostly bullets (5 of 6 lines): write it as sentences']);
  });

  it('reports through publishing with the draft file and line', () => {
    repo.write('projects/demo/post/draft.md', `${DRAFT}\nA dash \u2014 here.\n`);
    expect(publish().warnings).toContainEqual({
      file: 'projects/demo/post/draft.md',
      line: 22,
      message: 'em-dash: use a comma, colon, parentheses or two sentences',
    });
  });
});

describe('the publish-drafts command', () => {
  const run = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, '..', 'scripts', 'publish-drafts.ts'),
        '--root',
        repo.root,
        ...args,
      ],
      { encoding: 'utf8', cwd: join(import.meta.dirname, '..') },
    );

  it('publishes, then reports unchanged, and exits 0', () => {
    const first = run();
    expect(first.stderr).toBe(`publish-drafts: published ${POST} (3 image files changed)\n`);
    expect(first.status).toBe(0);
    const second = run('--project', 'demo');
    expect(second.stderr).toBe(`publish-drafts: unchanged ${POST}\n`);
    expect(second.status).toBe(0);
  });

  it('keeps a hand-edited post with a warning and still exits 0', () => {
    run();
    writeFileSync(join(repo.root, POST), `${read(POST)}\nA hand-written footnote.\n`);
    const result = run('-q');
    expect(result.stderr).toMatch(
      /^publish-drafts: warn: blog\/src\/content\/posts\/demo\.md:1: changed by hand .*--force to overwrite it\n$/,
    );
    expect(result.status).toBe(0);
    expect(read(POST)).toContain('A hand-written footnote.');
  });

  it('prints one line per bad draft and exits 1', () => {
    repo.write('projects/demo/post/draft.md', DRAFT.replace('2026-11-20', 'soon'));
    const result = run();
    expect(result.stderr).toBe(
      'publish-drafts: error: projects/demo/post/draft.md:4: date: expected a date like 2026-01-31, got "soon"\n',
    );
    expect(result.status).toBe(1);
  });
});
