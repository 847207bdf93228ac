import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['conform-source'] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
