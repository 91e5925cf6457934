import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { InputError } from 'kit';
import { listWorkspaces } from './workspaces.ts';

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export interface ScaffoldOptions {
  /** Frontmatter date of the draft, YYYY-MM-DD. */
  date: string;
}

/**
 * Create projects/<name>/ from template/: data/, charts/, post/draft.md, src/, test/, package.json
 * and a README. Refuses names that are not lowercase kebab-case or that are already taken.
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
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return Object.keys(files).sort();
}

/** Where the scaffold's files live, as real files the repo's own lint checks (see template/). */
export const TEMPLATE_DIR = join(import.meta.dirname, '..', 'template');

/** Words a title keeps in capitals: "gpu-costs" is "GPU Costs", not "Gpu Costs". */
const ACRONYMS = new Set([
  ...['ai', 'api', 'aws', 'ci', 'cli', 'cpu', 'csv', 'cuda', 'db', 'dns', 'gcp', 'gpu', 'http', 'https'],
  ...['io', 'json', 'llm', 'ml', 'nlp', 'os', 'rl', 'sql', 'ssd', 'tpu', 'ui', 'url', 'vm'],
]);

/** The title a kebab-case project name reads as. */
export function titleOf(name: string): string {
  return name
    .split('-')
    .map((word) => (ACRONYMS.has(word) ? word.toUpperCase() : word[0]!.toUpperCase() + word.slice(1)))
    .join(' ');
}

/** Every template file with __NAME__, __TITLE__ and __DATE__ filled in, by path in the project. */
function projectFiles(name: string, date: string): Record<string, string> {
  const title = titleOf(name);
  const files: Record<string, string> = {};
  for (const path of readdirSync(TEMPLATE_DIR, { recursive: true, encoding: 'utf8' })) {
    const full = join(TEMPLATE_DIR, path);
    if (!statSync(full).isFile()) continue;
    files[path.split(sep).join('/')] = readFileSync(full, 'utf8')
      .replaceAll('__NAME__', name)
      .replaceAll('__TITLE__', title)
      .replaceAll('__DATE__', date);
  }
  return files;
}
