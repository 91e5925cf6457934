// The post drafts' placeholder syntax, shared by the blog's publisher and the projects' post tests.

/** `{{ key }}` or `{{ a.b-c.0 }}`: a dotted path into a project's data/summary.json (group 1). */
export const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\s*\}\}/g;

/** The value at a dotted path (`a.b.0`), or undefined where the path leaves the object. */
export function valueAtPath(values: unknown, path: string): unknown {
  let current = values;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
