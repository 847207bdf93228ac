import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// The vitest config every package uses (each package's vitest.config.ts re-exports it).
// Workspace packages resolve to their TypeScript sources in tests (the `conform-source` export
// condition), so tests never run against a stale build.
export default defineConfig({
  resolve: { conditions: ['conform-source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['conform-source', ...defaultServerConditions] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
