import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const LIGHT_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect width="400" height="200" fill="#fff"/></svg>\n';
export const DARK_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect width="400" height="200" fill="#111"/></svg>\n';
/** A real 1x1 PNG, so anything that decodes it would succeed. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

export const DRAFT = `---
title: Outages by {{service.name}}
description: How often {{service.name}} went down.
date: 2026-11-20
tags: [outages, github]
---

There were {{totals.incidents}} incidents, the worst lasting {{worst.0.hours}} hours.

![Incidents per month](../charts/outages.svg)

A photo without a twin: ![Status page](../charts/photo.png "The status page")

Remote images stay as they are: ![badge](https://example.com/badge.svg)

\`\`\`md
{{not.a.placeholder}} and ![kept](../charts/nowhere.png)
\`\`\`

Inline code keeps \`{{raw}}\` too.
`;

export interface FakeRepo {
  root: string;
  write(path: string, content: string | Buffer): void;
}

/** A throwaway repo root with projects/demo (a draft, charts, a summary) and an empty blog/. */
export function makeFakeRepo(): FakeRepo {
  const root = mkdtempSync(join(tmpdir(), 'blog-publish-'));
  const write = (path: string, content: string | Buffer) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  };
  write('projects/demo/post/draft.md', DRAFT);
  write('projects/demo/charts/outages.svg', LIGHT_SVG);
  write('projects/demo/charts/outages.dark.svg', DARK_SVG);
  write('projects/demo/charts/photo.png', PNG);
  write('projects/demo/charts/unused.png', PNG);
  write(
    'projects/demo/data/summary.json',
    JSON.stringify({ service: { name: 'GitHub' }, totals: { incidents: 128 }, worst: [{ hours: 7.5 }] }),
  );
  mkdirSync(join(root, 'blog'), { recursive: true });
  return { root, write };
}
