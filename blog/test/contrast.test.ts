import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChart } from 'charts';
import { describe, expect, it } from 'vitest';
import {
  CONTRAST,
  type ContrastFigures,
  contrastAlt,
  contrastAltsIn,
  contrastSpec,
  WCAG_AA,
  withContrastAlt,
} from '../scripts/lib/contrast.ts';

const blogDir = join(import.meta.dirname, '..');
const read = (file: string) => readFileSync(join(blogDir, file), 'utf8');
const figures = JSON.parse(read(CONTRAST.figures)) as ContrastFigures;

// The figures come from `npm run contrast -w blog` (Chromium on the built site; the theme test checks
// they are still the site's). Everything the post shows of them is made from the JSON, checked here.
describe("the dark-mode post's contrast chart", () => {
  it('is drawn from the measured figures, in both themes', async () => {
    const spec = contrastSpec(figures);
    expect(read(CONTRAST.chart)).toBe((await renderChart(spec, { theme: 'light' })).svg);
    expect(read(CONTRAST.darkChart)).toBe((await renderChart(spec, { theme: 'dark' })).svg);
    for (const ratio of [figures.oldLight, figures.light.prose, figures.dark.code])
      expect(read(CONTRAST.chart)).toContain(`>${ratio.toFixed(1)}<`);
  });

  it('has the measured figures in its alt text, and the prose types none of them', () => {
    const post = read(CONTRAST.post);
    expect(contrastAltsIn(post)).toEqual([contrastAlt(figures), contrastAlt(figures)]);
    expect(contrastAlt(figures)).toContain(
      `the old site with Light chosen scores ${figures.oldLight.toFixed(1)}`,
    );
    const prose = post
      .split('\n')
      .filter((line) => !line.startsWith('!['))
      .join('\n');
    for (const ratio of [figures.oldLight, figures.light.prose, figures.light.code, figures.dark.prose])
      expect(prose).not.toContain(ratio.toFixed(1));
  });

  it('says what the measurement found: only the old site falls below the WCAG minimum', () => {
    expect(figures.oldLight).toBeLessThan(WCAG_AA);
    for (const ratio of [figures.light.prose, figures.light.code, figures.dark.prose, figures.dark.code])
      expect(ratio).toBeGreaterThan(2 * WCAG_AA);
  });

  it('puts a new alt text on both copies of the chart, and refuses a post without them', () => {
    const post = read(CONTRAST.post);
    expect(contrastAltsIn(withContrastAlt(post, 'new words'))).toEqual(['new words', 'new words']);
    expect(() => withContrastAlt('no chart here', 'x')).toThrow(/expected the contrast chart twice/);
  });
});
