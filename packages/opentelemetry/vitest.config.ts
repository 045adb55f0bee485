import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // In-memory PGlite databases start from a template instead of running initdb.
    globalSetup: ['../../tools/vitest/pglite-template.ts'],
    include: ['test/**/*.test.ts'],
    typecheck: { include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files of a worker share its module cache: each declares its own models and
    // engines, so nothing leaks, and imports are not paid again for every file.
    isolate: false,
    fileParallelism: false,
  },
})
