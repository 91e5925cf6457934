import type { Element, Root, RootContent } from 'hast';

/** `chart.dark.svg` is the dark-theme twin of `chart.svg`; the publisher copies both. */
const DARK_VARIANT = /\.dark\.(svg|png|jpe?g|webp|avif)$/i;

function collectImages(node: Root | Element, into: Element[]): void {
  for (const child of node.children as RootContent[]) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'img') into.push(child);
    collectImages(child, into);
  }
}

function addClass(image: Element, name: string): void {
  const current = image.properties.className;
  const list = Array.isArray(current) ? current.map(String) : typeof current === 'string' ? [current] : [];
  if (!list.includes(name)) image.properties.className = [...list, name];
}

/**
 * Marks image pairs so CSS shows the one that matches the theme class: `themed-light` on an
 * image whose `.dark` twin is in the same document, `themed-dark` on the twin. Runs before
 * Astro's own image step, which keeps `className` when it swaps in optimised images.
 */
export function rehypeThemedImages() {
  return (tree: Root): void => {
    const images: Element[] = [];
    collectImages(tree, images);
    const sources = new Set(images.map((image) => String(image.properties.src ?? '')));
    for (const image of images) {
      const src = String(image.properties.src ?? '');
      if (DARK_VARIANT.test(src)) {
        addClass(image, 'themed-dark');
      } else {
        const twin = src.replace(/\.(svg|png|jpe?g|webp|avif)$/i, '.dark.$1');
        if (twin !== src && sources.has(twin)) addClass(image, 'themed-light');
      }
    }
  };
}
