import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { ensureBuilt } from '../scripts/lib/build.ts';
import { serveStatic } from '../scripts/lib/static-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string;
    distDir: string;
  }
}

const blogDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The browser tests run against the production build, built here when dist/ is missing or stale. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureBuilt(blogDir);
  const server = await serveStatic(join(blogDir, 'dist'));
  project.provide('siteUrl', server.url);
  project.provide('distDir', join(blogDir, 'dist'));
  return () => server.close();
}
