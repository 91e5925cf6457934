import type { TopLevelSpec } from 'charts';
import type { Browser, Page } from 'playwright-core';

interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/**
 * Text and background colors of an element as the browser resolved them, converted to sRGB by
 * painting them on a canvas (Tailwind 4 colors are oklch), and their WCAG contrast ratio.
 */
export async function contrastOf(page: Page, selector: string) {
  // Run under tsx, esbuild names the functions below with a helper the page does not have.
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  return page.$eval(selector, (element) => {
    const canvas = document.createElement('canvas');
    canvas.width = 1;
    canvas.height = 1;
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    const toRgba = (color: string): Rgba => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = color;
      context.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
      return { r: r!, g: g!, b: b!, a: a! / 255 };
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => ({
      r: top.r * top.a + bottom.r * (1 - top.a),
      g: top.g * top.a + bottom.g * (1 - top.a),
      b: top.b * top.a + bottom.b * (1 - top.a),
      a: 1,
    });
    // Backgrounds stack from the root down to the element; the canvas under it all is white.
    const layers: Rgba[] = [];
    for (let node: Element | null = element; node; node = node.parentElement) {
      layers.push(toRgba(getComputedStyle(node).backgroundColor));
    }
    const background = layers
      .reverse()
      .reduce((below, layer) => over(layer, below), { r: 255, g: 255, b: 255, a: 1 });
    const text = over(toRgba(getComputedStyle(element).color), background);
    const luminance = ({ r, g, b }: Rgba) => {
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const [lt, lb] = [luminance(text), luminance(background)];
    return { text: lt, background: lb, ratio: (Math.max(lt, lb) + 0.05) / (Math.min(lt, lb) + 0.05) };
  });
}

export async function chooseTheme(page: Page, label: 'Light' | 'Dark' | 'System') {
  await page.getByRole('button', { name: label, exact: true }).click();
}

/** Where the dark-mode post and what the contrast script makes for it live, under blog/. */
export const CONTRAST = {
  post: 'src/content/posts/how-this-site-does-dark-mode.md',
  postPath: '/posts/how-this-site-does-dark-mode/',
  figures: 'src/assets/notes/contrast.json',
  chart: 'src/assets/notes/contrast.svg',
  darkChart: 'src/assets/notes/contrast.dark.svg',
} as const;

const CHART_IMAGE = /!\[[^\]]*\]\((\.\.\/\.\.\/assets\/notes\/contrast(?:\.dark)?\.svg)\)/g;

/** The post with `alt` as the alt text of both copies of the contrast chart. */
export function withContrastAlt(post: string, alt: string): string {
  const count = post.match(CHART_IMAGE)?.length ?? 0;
  if (count !== 2)
    throw new Error(`${CONTRAST.post}: expected the contrast chart twice (light and dark), found ${count}`);
  return post.replace(CHART_IMAGE, (_image, src: string) => `![${alt}](${src})`);
}

/** The alt texts of the contrast chart as the post has them. */
export function contrastAltsIn(post: string): string[] {
  return [...post.matchAll(CHART_IMAGE)].map((match) => match[0].slice(2, match[0].indexOf('](')));
}

export const PROSE = 'article .prose p';
export const CODE = 'article .prose pre .line span';

/** The dark-mode post's chart and alt text: contrast ratios measured on the built site, dark OS. */
export interface ContrastFigures {
  /** The old site with Light chosen: its article followed the OS (`dark:prose-invert`). */
  oldLight: number;
  light: { prose: number; code: number };
  dark: { prose: number; code: number };
}

const oneDecimal = (ratio: number) => Math.round(ratio * 10) / 10;

/**
 * Measure on the built site at `postUrl` with the OS emulated as dark. The old site's bug is
 * reproduced on today's page: Light chosen, and the article given `prose-invert`, which is what
 * Tailwind's media-query `dark:prose-invert` applied under a dark OS whatever the button said.
 */
export async function measureContrast(browser: Browser, postUrl: string): Promise<ContrastFigures> {
  const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(postUrl);
    await chooseTheme(page, 'Light');
    const light = {
      prose: (await contrastOf(page, PROSE)).ratio,
      code: (await contrastOf(page, CODE)).ratio,
    };
    await page.$eval('article .prose', (element) => element.classList.add('prose-invert'));
    const oldLight = (await contrastOf(page, PROSE)).ratio;
    await page.$eval('article .prose', (element) => element.classList.remove('prose-invert'));
    await chooseTheme(page, 'Dark');
    const dark = { prose: (await contrastOf(page, PROSE)).ratio, code: (await contrastOf(page, CODE)).ratio };
    return {
      oldLight: oneDecimal(oldLight),
      light: { prose: oneDecimal(light.prose), code: oneDecimal(light.code) },
      dark: { prose: oneDecimal(dark.prose), code: oneDecimal(dark.code) },
    };
  } finally {
    await context.close();
  }
}

/** WCAG 2's minimum contrast for body text. */
export const WCAG_AA = 4.5;

const fixed = (ratio: number) => ratio.toFixed(1);

/** The chart's alt text, figures included: it says what the chart shows. */
export function contrastAlt(f: ContrastFigures): string {
  return (
    `Bar chart of text contrast with the OS set to dark: the old site with Light chosen scores ${fixed(f.oldLight)}, ` +
    `this site scores ${fixed(f.light.prose)} for prose and ${fixed(f.light.code)} for code in Light, ` +
    `${fixed(f.dark.prose)} and ${fixed(f.dark.code)} in Dark, all above the ${WCAG_AA} minimum`
  );
}

/** The chart as a Vega-Lite spec, drawn in both themes by the charts package. */
export function contrastSpec(f: ContrastFigures): TopLevelSpec {
  const values = [
    { bar: 'old site, Light: prose', text: 'prose', ratio: f.oldLight },
    { bar: 'this site, Light: prose', text: 'prose', ratio: f.light.prose },
    { bar: 'this site, Light: code', text: 'code', ratio: f.light.code },
    { bar: 'this site, Dark: prose', text: 'prose', ratio: f.dark.prose },
    { bar: 'this site, Dark: code', text: 'code', ratio: f.dark.code },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Text contrast on a dark-OS machine',
      subtitle: `WCAG contrast ratio of the text against its background; ${WCAG_AA} is the minimum for body text`,
    },
    width: 440,
    height: 170,
    data: { values },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'bar', type: 'nominal', sort: null, title: null, axis: { labelLimit: 240 } },
          x: {
            field: 'ratio',
            type: 'quantitative',
            title: 'contrast ratio (higher is easier to read)',
            scale: { domain: [0, 21], nice: false },
          },
          color: { field: 'text', type: 'nominal', legend: { title: null, orient: 'bottom' } },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 },
        encoding: {
          y: { field: 'bar', type: 'nominal', sort: null },
          x: { field: 'ratio', type: 'quantitative' },
          text: { field: 'ratio', type: 'quantitative', format: '.1f' },
        },
      },
      {
        data: { values: [{ minimum: WCAG_AA }] },
        mark: { type: 'rule', strokeDash: [4, 3] },
        encoding: { x: { field: 'minimum', type: 'quantitative' } },
      },
    ],
  };
}
