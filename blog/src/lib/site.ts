/** Facts about the site every page needs. */
export const SITE = {
  title: 'devlog',
  description: 'Notes from small data projects: what we measured, how, and what surprised us.',
  author: 'devlog',
  locale: 'en',
  /** Matches the page background of each theme, for the browser chrome. */
  themeColor: { light: '#ffffff', dark: '#09090b' },
  fallbackImage: '/og-default.png',
  fallbackImageAlt: 'devlog: notes from small data projects',
} as const;
