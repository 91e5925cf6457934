import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { sourcePosts } from './site-posts.ts';

const siteUrl = inject('siteUrl');
const distDir = inject('distDir');
const posts = sourcePosts(join(import.meta.dirname, '..'));
const published = posts.filter((post) => !post.draft);
const drafts = posts.filter((post) => post.draft);

async function get(path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(siteUrl + path);
  return { status: response.status, text: await response.text() };
}

function builtFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? builtFiles(path) : [path];
  });
}

describe('the production build', () => {
  it('has published posts and at least one draft to leave out', () => {
    expect(published.length).toBeGreaterThan(0);
    expect(drafts.length).toBeGreaterThan(0);
  });

  it('lists every published post in the RSS feed', async () => {
    const feed = await get('/rss.xml');
    expect(feed.status).toBe(200);
    const links = [...feed.text.matchAll(/<item>[\s\S]*?<link>([^<]+)<\/link>/g)].map(
      (match) => new URL(match[1]!).pathname,
    );
    expect(links.sort()).toEqual(published.map((post) => `/posts/${post.id}/`).sort());
    // As @astrojs/rss escapes text: a title with an apostrophe (or quotes) is fine.
    const xml = (text: string) =>
      text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/'/g, '&apos;')
        .replace(/"/g, '&quot;');
    for (const post of published) expect(feed.text).toContain(`<title>${xml(post.title)}</title>`);
  });

  it('lists every published post in the sitemap', async () => {
    const index = await get('/sitemap-index.xml');
    const sitemaps = [...index.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map(
      (match) => new URL(match[1]!).pathname,
    );
    expect(sitemaps.length).toBeGreaterThan(0);
    const urls: string[] = [];
    for (const sitemap of sitemaps) {
      const { text } = await get(sitemap);
      urls.push(...[...text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname));
    }
    for (const post of published) expect(urls).toContain(`/posts/${post.id}/`);
    expect(urls).toContain('/');
  });

  it('leaves drafts out of pages, feed, sitemap and tag pages', async () => {
    const texts = builtFiles(distDir)
      .filter((file) => /\.(html|xml)$/.test(file))
      .map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    for (const draft of drafts) {
      expect((await get(`/posts/${draft.id}/`)).status).toBe(404);
      const mentions = texts.filter(
        ({ text }) => text.includes(`/posts/${draft.id}/`) || text.includes(draft.title),
      );
      expect(mentions.map(({ file }) => file)).toEqual([]);
    }
  });

  it('gives a post social cards with an absolute fallback image and article dates', async () => {
    // The site's own post has no social card image of its own, so it shows the fallback.
    const post = published.find((candidate) => candidate.id === 'how-this-site-does-dark-mode')!;
    const { text } = await get(`/posts/${post.id}/`);
    const meta = (key: string) =>
      new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(text)?.[1];
    expect(meta('og:title')).toBe(post.title);
    expect(meta('og:type')).toBe('article');
    expect(meta('twitter:card')).toBe('summary_large_image');
    const image = meta('og:image')!;
    expect(new URL(image).pathname).toBe('/og-default.png');
    expect(meta('twitter:image')).toBe(image);
    expect((await fetch(siteUrl + new URL(image).pathname)).headers.get('content-type')).toBe('image/png');
    expect(meta('article:published_time')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(text).toMatch(/<link rel="canonical" href="https?:\/\/[^"]+\/posts\//);
    expect(text).toMatch(/\d+ min read/);
  });

  it('serves a 404 page for unknown addresses', async () => {
    const missing = await get('/no/such/page/');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('<title>Page not found | devlog</title>');
  });

  it('builds a page for every tag of a published post', async () => {
    const tags = await get('/tags/');
    expect(tags.status).toBe(200);
    const links = [...tags.text.matchAll(/href="(\/tags\/[^"]+\/)"/g)].map((match) => match[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const page = await get(link);
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/href="\/posts\/[^"]+\/"/);
    }
  });
});
