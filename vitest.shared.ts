import { defineConfig } from 'vitest/config';

// Every package merges this so `npm test` can add up the JSON results into one summary line.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
