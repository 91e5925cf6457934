import { type CollectionEntry, getCollection } from 'astro:content';
import { isVisible } from './visibility.ts';

export type Post = CollectionEntry<'posts'>;

/** Posts this build shows, newest first: drafts only in `astro dev`. */
export async function getVisiblePosts(): Promise<Post[]> {
  const posts = await getCollection('posts', (post) => isVisible(post.data, import.meta.env.PROD));
  return posts.sort((a, b) => b.data.date.getTime() - a.data.date.getTime());
}

export function postUrl(post: Post): string {
  return `/posts/${post.id}/`;
}
