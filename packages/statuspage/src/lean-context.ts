import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * A browser context that loads only the resource types a page is read for. The history needs its
 * scripts (React renders it); an incident page is server-rendered and needs only the document. Images,
 * fonts and styles would cost the site bandwidth and us time, and on an offline machine a request to
 * the site's CDN can hang for as long as the network stack lets it.
 */
export async function leanContext(
  browser: Browser,
  userAgent: string,
  keep: readonly string[],
): Promise<BrowserContext> {
  const context = await browser.newContext({ userAgent });
  await context.route('**/*', (route) =>
    keep.includes(route.request().resourceType()) ? route.continue() : route.abort(),
  );
  return context;
}

export const HISTORY_RESOURCES = ['document', 'script', 'xhr', 'fetch'] as const;
export const INCIDENT_RESOURCES = ['document'] as const;

/**
 * Closes a lean tab or context without letting a blocked request through. A request the route has
 * not answered yet is paused in the browser, and closing the page or context releases paused
 * requests to the network: under load that sent a page's stylesheet and logo to the site. Stopping
 * each page's loading first cancels them instead.
 */
export async function closeLean(target: Page | BrowserContext): Promise<void> {
  const pages = 'pages' in target ? target.pages() : [target];
  await Promise.all(pages.map((page) => page.evaluate(() => window.stop()).catch(() => undefined)));
  await target.close();
}
