import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { InputError, writeFileAtomicSync } from 'kit';
import { parseDraftMeta, splitFrontmatter } from './frontmatter.ts';
import { adoptFrontmatterImage, type ImageContext, rewriteImages } from './images.ts';
import { lintDraft } from './lint.ts';
import { sourceLines } from './markdown-lines.ts';
import { fillPlaceholders } from './placeholders.ts';
import { checkPost, renderPost } from './post-file.ts';
import type { DraftWarning } from './warnings.ts';

export interface PublishOptions {
  /** Repo root: paths in messages and in the post's `published.source` are relative to it. */
  root: string;
  /** Defaults to `<root>/projects`. */
  projectsDir?: string;
  /** Defaults to `<root>/blog`. */
  blogDir?: string;
  /** Overwrite a post that was edited by hand since it was published. */
  force?: boolean;
}

/** `kept`: the post was edited by hand in the blog and left alone (see `force`). */
export type PublishStatus = 'written' | 'unchanged' | 'kept';

export interface PublishResult {
  project: string;
  status: PublishStatus;
  /** Repo-relative path of the post. */
  post: string;
  /** Repo-relative paths of the copied images that changed on disk. */
  assetsWritten: string[];
  assetsRemoved: string[];
  warnings: DraftWarning[];
}

const DRAFT = join('post', 'draft.md');
const SUMMARY = join('data', 'summary.json');

function paths(options: PublishOptions) {
  const projectsDir = options.projectsDir ?? join(options.root, 'projects');
  const blogDir = options.blogDir ?? join(options.root, 'blog');
  const rel = (path: string) => relative(options.root, path).split(sep).join('/');
  return { projectsDir, blogDir, rel };
}

/** Projects that have a `post/draft.md`, sorted by name. */
export function listDraftProjects(projectsDir: string): string[] {
  if (!existsSync(projectsDir)) return [];
  return readdirSync(projectsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(projectsDir, entry.name, DRAFT)))
    .map((entry) => entry.name)
    .sort();
}

function readSummary(path: string, file: string): unknown {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec(String(error))?.[1];
    const line = at === undefined ? undefined : text.slice(0, Number(at)).split('\n').length;
    throw new InputError({ file, line }, `expected valid JSON (${(error as Error).message})`);
  }
}

/**
 * Publish one project's draft into the blog. Nothing is written when the result would be the
 * same as what is there, so running it twice is a no-op.
 */
export function publishProject(project: string, options: PublishOptions): PublishResult {
  const { projectsDir, blogDir, rel } = paths(options);
  const projectDir = join(projectsDir, project);
  const draftPath = join(projectDir, DRAFT);
  const draftFile = rel(draftPath);
  if (!existsSync(draftPath))
    throw new InputError({ file: draftFile }, 'expected a draft here, found no file');

  const summaryPath = join(projectDir, SUMMARY);
  const figures = { values: readSummary(summaryPath, rel(summaryPath)), file: rel(summaryPath) };
  const filled = fillPlaceholders(sourceLines(readFileSync(draftPath, 'utf8')), figures, draftFile);
  const { yaml, bodyLine } = splitFrontmatter(filled.map((line) => line.text).join('\n'), draftFile);
  const meta = parseDraftMeta(yaml, draftFile);
  // Re-mark code fences in the body alone, so a stray fence in the frontmatter cannot leak.
  const bodyText = filled
    .slice(bodyLine - 1)
    .map((line) => line.text)
    .join('\n');
  const body = sourceLines(bodyText, bodyLine);

  const postPath = join(blogDir, 'src', 'content', 'posts', `${project}.md`);
  const context: ImageContext = {
    draftPath,
    draftFile,
    projectDir,
    assetsDir: join(blogDir, 'src', 'assets', 'posts', project),
    postDir: join(blogDir, 'src', 'content', 'posts'),
    display: rel,
  };
  const images = rewriteImages(body, context);
  let image: string | undefined;
  if (meta.image !== undefined) {
    const card = adoptFrontmatterImage(meta.image, meta.imageLine, context);
    image = card.url;
    for (const [name, source] of card.assets) {
      if (images.assets.has(name) && images.assets.get(name) !== source) {
        throw InputError.expected(
          { file: draftFile, line: meta.imageLine, field: 'image' },
          `image file names unique within the draft (${name} is used twice)`,
          meta.image,
        );
      }
      images.assets.set(name, source);
    }
  }

  const warnings = [...lintDraft(body, draftFile), ...images.warnings];
  if (meta.description === undefined) {
    warnings.push({
      file: draftFile,
      line: 1,
      message: 'no description: search results and link previews fall back to the site blurb',
    });
  }
  warnings.sort((a, b) => a.line - b.line);

  const post = rel(postPath);
  const content = renderPost({
    meta,
    image,
    source: draftFile,
    body: images.lines.map((line) => line.text).join('\n'),
  });
  const existing = existsSync(postPath) ? readFileSync(postPath, 'utf8') : undefined;
  if (existing !== undefined && existing !== content && checkPost(existing) !== 'intact' && !options.force) {
    // Not an error: other projects still publish, and the reader of the log decides.
    warnings.push({
      file: post,
      line: 1,
      message:
        'changed by hand since it was published (or not written by publish-drafts), so it was kept as it is; ' +
        'move the edit into the draft, or rerun with --force to overwrite it',
    });
    return { project, status: 'kept', post, assetsWritten: [], assetsRemoved: [], warnings };
  }

  const assetsWritten: string[] = [];
  for (const [name, source] of images.assets) {
    const target = join(context.assetsDir, name);
    const bytes = readFileSync(source);
    if (existsSync(target) && readFileSync(target).equals(bytes)) continue;
    writeFileAtomicSync(target, bytes);
    assetsWritten.push(rel(target));
  }
  // The assets folder belongs to the publisher: images the draft no longer uses go.
  const assetsRemoved: string[] = [];
  if (existsSync(context.assetsDir)) {
    for (const name of readdirSync(context.assetsDir)) {
      if (images.assets.has(name)) continue;
      rmSync(join(context.assetsDir, name), { recursive: true, force: true });
      assetsRemoved.push(rel(join(context.assetsDir, name)));
    }
  }

  const changed = existing !== content;
  if (changed) writeFileAtomicSync(postPath, content);
  const status: PublishStatus =
    changed || assetsWritten.length > 0 || assetsRemoved.length > 0 ? 'written' : 'unchanged';
  return { project, status, post, assetsWritten, assetsRemoved, warnings };
}
