/** Drafts are for the author: visible while writing (`astro dev`), never in a production build. */
export function isVisible(data: { draft: boolean }, production: boolean): boolean {
  return !(production && data.draft);
}
