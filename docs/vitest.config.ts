import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // In-memory PGlite databases start from a template instead of running initdb.
    globalSetup: ['../tools/vitest/pglite-template.ts'],
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
