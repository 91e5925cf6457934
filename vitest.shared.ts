import { defineConfig } from 'vitest/config';

// Every package merges this so `npm test` can add up the JSON results into one summary line.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    // `npm test` runs several packages' checks side by side on two cores, where a test that drives
    // Chromium or spawns CLIs takes 3-7x its time alone (35 s seen for a 5 s test): budgets are set
    // for that, not for a quiet machine. A hang still fails, just later.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
