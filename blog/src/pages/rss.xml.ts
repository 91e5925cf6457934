import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getVisiblePosts, postUrl } from '../lib/posts.ts';
import { SITE } from '../lib/site.ts';

export async function GET(context: APIContext): Promise<Response> {
  const posts = await getVisiblePosts();
  return rss({
    title: SITE.title,
    description: SITE.description,
    site: context.site ?? 'http://localhost',
    items: posts.map((post) => ({
      title: post.data.title,
      description: post.data.description,
      pubDate: post.data.date,
      categories: post.data.tags,
      link: postUrl(post),
    })),
    customData: `<language>${SITE.locale}</language>`,
  });
}
