#!/usr/bin/env tsx
// `npm run publish-drafts [-- --project <name>] [--force]` at the repo root.
import { resolve } from 'node:path';
import { Command } from 'commander';
import { createLogger, levelFromFlags, oneLine, repoRoot, runCli } from 'kit';
import { formatWarning, listDraftProjects, publishProject } from '../src/publish/index.ts';

const program = new Command('publish-drafts')
  .description("Copy each project's post/draft.md and its images into the blog's content collection.")
  .option('-p, --project <name>', 'publish only this project')
  .option('-f, --force', 'overwrite posts that were edited by hand in the blog')
  .option('--root <dir>', 'repo root (projects/ and blog/ live under it)')
  .option('-q, --quiet', 'print warnings and errors only')
  .option('-v, --verbose', 'print debug lines too')
  .parse();

const options = program.opts<{
  project?: string;
  force?: boolean;
  root?: string;
  quiet?: boolean;
  verbose?: boolean;
}>();
await runCli('publish-drafts', () => {
  const log = createLogger({ level: levelFromFlags(options), name: 'publish-drafts' });
  const root = options.root ? resolve(options.root) : repoRoot();
  const projects = options.project ? [options.project] : listDraftProjects(resolve(root, 'projects'));
  if (projects.length === 0) log.info('no drafts found under projects/*/post/draft.md');

  let failed = 0;
  for (const project of projects) {
    try {
      const result = publishProject(project, { root, force: options.force ?? false });
      for (const warning of result.warnings) log.warn(formatWarning(warning));
      const images = result.assetsWritten.length + result.assetsRemoved.length;
      log.info(
        `${result.status === 'written' ? 'published' : 'unchanged'} ${result.post}${images ? ` (${images} image files changed)` : ''}`,
      );
      log.record('PUBLISHED', result, 'debug');
    } catch (error) {
      failed += 1;
      log.error(oneLine(error));
    }
  }
  // Each failed draft has said why in its own line above.
  if (failed > 0) process.exitCode = 1;
});
