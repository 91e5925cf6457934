import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from 'kit';
import { chromiumMissing, describeUnless } from 'kit/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import {
  CODE,
  CONTRAST,
  type ContrastFigures,
  chooseTheme,
  contrastOf,
  measureContrast,
  PROSE,
} from '../scripts/lib/contrast.ts';
import { sourcePosts } from './site-posts.ts';

const siteUrl = inject('siteUrl');
const published = sourcePosts(join(import.meta.dirname, '..')).filter((post) => !post.draft);
/** The site's own post: it has code, a screenshot and a chart with dark twins, and stays put. */
const showcase = published.find((post) => post.id === 'how-this-site-does-dark-mode')!;
const postPath = `/posts/${showcase.id}/`;

let browser: Browser;
const noChromium = chromiumMissing();
beforeAll(async () => {
  if (!noChromium) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function themeState(page: Page) {
  return page.evaluate(() => ({
    dark: document.documentElement.classList.contains('dark'),
    colorScheme: getComputedStyle(document.documentElement).colorScheme,
    themeColor: document.querySelector('meta[name="theme-color"]')?.getAttribute('content'),
    pressed: [...document.querySelectorAll('[data-theme-choice][aria-pressed="true"]')].map((b) =>
      b.textContent?.trim(),
    ),
    stored: localStorage.getItem('theme'),
  }));
}

/**
 * Flip the emulated OS scheme and wait until the page has seen the change event: listeners run
 * in the order they were added, so the site's own listener has run by then.
 */
async function switchOs(page: Page, scheme: 'light' | 'dark') {
  const seen = await page.evaluate(() => {
    const state = window as unknown as { __osChanges?: number };
    if (state.__osChanges === undefined) {
      state.__osChanges = 0;
      matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
        state.__osChanges! += 1;
      });
    }
    return state.__osChanges;
  });
  await page.emulateMedia({ colorScheme: scheme });
  await page.waitForFunction(
    (before) => (window as unknown as { __osChanges: number }).__osChanges > before,
    seen,
  );
}

/** Which copy of each image pair is on screen: one per pair, the one for the theme. */
async function visibleTwins(page: Page) {
  const { visible, total } = await page.evaluate(() => {
    const twins = [
      ...document.querySelectorAll<HTMLImageElement>('.prose img.themed-light, .prose img.themed-dark'),
    ];
    const visible = twins
      .filter((image) => getComputedStyle(image).display !== 'none')
      .map((image) => image.className);
    return { visible, total: twins.length };
  });
  expect(total).toBeGreaterThan(0);
  expect(visible.length).toBe(total / 2);
  return [...new Set(visible)];
}

describeUnless(noChromium, 'theme choice on a dark OS', () => {
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(siteUrl + postPath);
  });
  afterAll(async () => {
    await context?.close();
  });

  it('starts on System, following the dark OS', async () => {
    expect(await themeState(page)).toEqual({
      dark: true,
      colorScheme: 'dark',
      themeColor: '#09090b',
      pressed: ['System'],
      stored: null,
    });
  });

  it('Light gives dark article text on a light background, code included', async () => {
    await chooseTheme(page, 'Light');
    expect(await themeState(page)).toMatchObject({
      dark: false,
      colorScheme: 'light',
      themeColor: '#ffffff',
      pressed: ['Light'],
      stored: 'light',
    });
    const prose = await contrastOf(page, PROSE);
    expect(prose.text).toBeLessThan(prose.background);
    expect(prose.ratio).toBeGreaterThanOrEqual(4.5);
    const code = await contrastOf(page, CODE);
    expect(code.text).toBeLessThan(code.background);
    expect(code.ratio).toBeGreaterThanOrEqual(4.5);
    expect(await visibleTwins(page)).toEqual(['themed-light']);
  });

  it('an OS change does not override an explicit choice', async () => {
    await switchOs(page, 'light');
    await switchOs(page, 'dark');
    expect(await themeState(page)).toMatchObject({ dark: false, pressed: ['Light'] });
  });

  it('Dark gives light text on a dark background', async () => {
    await chooseTheme(page, 'Dark');
    expect(await themeState(page)).toMatchObject({
      dark: true,
      colorScheme: 'dark',
      themeColor: '#09090b',
      pressed: ['Dark'],
      stored: 'dark',
    });
    const prose = await contrastOf(page, PROSE);
    expect(prose.text).toBeGreaterThan(prose.background);
    expect(prose.ratio).toBeGreaterThanOrEqual(4.5);
    const code = await contrastOf(page, CODE);
    expect(code.text).toBeGreaterThan(code.background);
    expect(code.ratio).toBeGreaterThanOrEqual(4.5);
    expect(await visibleTwins(page)).toEqual(['themed-dark']);
  });

  it('System follows the OS live, both ways', async () => {
    await chooseTheme(page, 'System');
    expect(await themeState(page)).toMatchObject({ dark: true, pressed: ['System'], stored: null });
    await switchOs(page, 'light');
    expect(await themeState(page)).toMatchObject({
      dark: false,
      colorScheme: 'light',
      themeColor: '#ffffff',
    });
    const prose = await contrastOf(page, PROSE);
    expect(prose.ratio).toBeGreaterThanOrEqual(4.5);
    await switchOs(page, 'dark');
    expect(await themeState(page)).toMatchObject({ dark: true, colorScheme: 'dark' });
  });

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});

/**
 * Records the `dark` class at the two moments a wrong theme could show: when <body> first exists
 * and at the first animation frame, which comes before the first paint.
 */
const PROBE = `
  window.__frames = [];
  const record = (moment) => window.__frames.push({ moment, dark: document.documentElement.classList.contains('dark') });
  new MutationObserver((_, observer) => {
    if (document.body) { record('body'); observer.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
  requestAnimationFrame(() => record('first frame'));
`;

describeUnless(noChromium, 'no frame of the wrong theme', () => {
  const cases = [
    { os: 'dark', stored: 'light', dark: false },
    { os: 'light', stored: 'dark', dark: true },
    { os: 'dark', stored: null, dark: true },
    { os: 'light', stored: null, dark: false },
  ] as const;

  for (const { os, stored, dark } of cases) {
    it(`OS ${os}, choice ${stored ?? 'system'}: first load, reload, navigation and back`, async () => {
      const context = await browser.newContext({ colorScheme: os });
      try {
        await context.addInitScript(PROBE);
        if (stored)
          await context.addInitScript(`try { localStorage.setItem('theme', '${stored}') } catch {}`);
        const page = await context.newPage();
        const frames = async () => {
          await page.waitForFunction(
            () => (window as unknown as { __frames: unknown[] }).__frames.length >= 2,
          );
          return page.evaluate(
            () => (window as unknown as { __frames: { moment: string; dark: boolean }[] }).__frames,
          );
        };
        const expected = [
          { moment: 'body', dark },
          { moment: 'first frame', dark },
        ];
        await page.goto(siteUrl);
        expect(await frames()).toEqual(expected);
        await page.reload();
        expect(await frames()).toEqual(expected);
        await page.getByRole('link', { name: showcase.title }).first().click();
        await page.waitForURL(`**${postPath}`);
        expect(await frames()).toEqual(expected);
        await page.goBack();
        expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(dark);
      } finally {
        await context.close();
      }
    });
  }
});

describeUnless(noChromium, 'images fit the column', () => {
  for (const width of [375, 1280]) {
    it(`at ${width} px`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      try {
        const page = await context.newPage();
        for (const post of published) {
          await page.goto(`${siteUrl}/posts/${post.id}/`);
          const layout = await page.evaluate(() => {
            const column = document.querySelector('article .prose')!.getBoundingClientRect();
            const images = [...document.querySelectorAll('article .prose img')]
              .filter((image) => getComputedStyle(image).display !== 'none')
              .map((image) => image.getBoundingClientRect())
              .map(({ left, right, width }) => ({ left, right, width }));
            return {
              column: { left: column.left, right: column.right },
              images,
              scrollWidth: document.documentElement.scrollWidth,
            };
          });
          if (post.id === showcase.id) expect(layout.images.length).toBeGreaterThan(0);
          for (const image of layout.images) {
            expect(image.width).toBeGreaterThan(0);
            expect(image.left).toBeGreaterThanOrEqual(layout.column.left - 0.5);
            expect(image.right).toBeLessThanOrEqual(layout.column.right + 0.5);
          }
          expect(layout.scrollWidth).toBeLessThanOrEqual(width);
        }
      } finally {
        await context.close();
      }
    });
  }
});

describeUnless(noChromium, 'a choice made elsewhere', () => {
  it('reaches a page restored from the back/forward cache and other open tabs', async () => {
    const context = await browser.newContext({ colorScheme: 'light' });
    try {
      const [first, second] = [await context.newPage(), await context.newPage()];
      await first.goto(siteUrl);
      await second.goto(siteUrl + postPath);
      await chooseTheme(first, 'Dark');
      await second.waitForFunction(() => document.documentElement.classList.contains('dark'));
      expect(await themeState(second)).toMatchObject({ dark: true, pressed: ['Dark'] });

      // Playwright's Chromium runs with the back/forward cache off, so restore is simulated: the
      // stored choice changes behind the page's back, then the page is shown again from cache.
      await second.evaluate(() => {
        localStorage.setItem('theme', 'light');
        window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
      });
      expect(await themeState(second)).toMatchObject({ dark: false, pressed: ['Light'] });
    } finally {
      await context.close();
    }
  });
});

describeUnless(noChromium, 'chart twins', () => {
  it('download only the copy for the theme, and the other one once the theme changes', async () => {
    const context = await browser.newContext({
      colorScheme: 'light',
      viewport: { width: 1280, height: 4000 },
    });
    try {
      const page = await context.newPage();
      const requested: string[] = [];
      page.on('request', (request) => requested.push(new URL(request.url()).pathname));
      await page.goto(siteUrl + postPath, { waitUntil: 'networkidle' });
      const images = requested.filter(
        (path) => /\.(webp|svg|png|jpe?g|avif)$/.test(path) && path !== '/favicon.svg',
      );
      expect(images.length).toBeGreaterThan(0);
      expect(images.filter((path) => path.includes('.dark.'))).toEqual([]);
      await chooseTheme(page, 'Dark');
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('.prose img.themed-dark')].every(
          (image) => image.complete && image.naturalWidth > 0,
        ),
      );
      expect(requested.some((path) => path.includes('.dark.'))).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describeUnless(noChromium, 'keyboard and labels', () => {
  it('the first Tab reaches a visible skip link that moves focus to the content', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(siteUrl + postPath);
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const active = document.activeElement as HTMLElement;
        const box = active.getBoundingClientRect();
        return {
          text: active.textContent,
          href: active.getAttribute('href'),
          width: box.width,
          height: box.height,
        };
      });
      expect(skip).toMatchObject({ text: 'Skip to content', href: '#main' });
      expect(skip.width).toBeGreaterThan(20);
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => location.hash)).toBe('#main');
    } finally {
      await page.close();
    }
  });

  it('the toggle is a labelled group of real buttons with a visible focus ring', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(siteUrl);
      const group = page.getByRole('group', { name: 'Color theme' });
      expect((await group.getByRole('button').allTextContents()).map((text) => text.trim())).toEqual([
        'Light',
        'Dark',
        'System',
      ]);
      const light = group.getByRole('button', { name: 'Light' });
      await light.focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Shift+Tab');
      const outline = await light.evaluate((button) => getComputedStyle(button).outlineStyle);
      expect(outline).not.toBe('none');
      await page.keyboard.press('Enter');
      expect(await light.getAttribute('aria-pressed')).toBe('true');
    } finally {
      await page.close();
    }
  });
});

describeUnless(noChromium, "the dark-mode post's contrast figures", () => {
  it('are what this site measures now (rerun npm run contrast -w blog after changing its colours)', async () => {
    const committed = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', CONTRAST.figures), 'utf8'),
    ) as ContrastFigures;
    expect(await measureContrast(browser, siteUrl + CONTRAST.postPath)).toEqual(committed);
  });
});
