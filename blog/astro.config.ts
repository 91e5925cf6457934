import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'astro/config';
import { rehypeThemedImages } from './src/lib/rehype-themed-images.ts';

// The users' domain is not decided yet; BLOG_SITE sets it for real deployments.
const site = process.env.BLOG_SITE ?? 'https://devlog.example.com';

export default defineConfig({
  site,
  trailingSlash: 'ignore',
  integrations: [mdx(), sitemap()],
  // Markdown images get a srcset, so phones do not download the desktop size.
  image: { layout: 'constrained' },
  markdown: {
    shikiConfig: {
      // Both palettes are emitted as CSS variables; global.css picks one by the `dark` class,
      // so code follows the toggle and not the OS.
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      defaultColor: false,
    },
    rehypePlugins: [rehypeThemedImages],
  },
  vite: { plugins: [tailwindcss()] },
});
