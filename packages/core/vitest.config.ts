import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'core',
    include: ['test/**/*.test.ts'],
    typecheck: { include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files of a worker share its module cache: each declares its own models and
    // engines, so nothing leaks, and imports are not paid again for every file.
    isolate: false,
    // Each worker has a database of its own (tools/vitest), so files run side by side:
    // three at once, as they mostly wait (on the database, timers, cancellations). As many
    // workers at least: tinypool ending an idle one while others run fails the run.
    maxWorkers: 3,
    minWorkers: 3,
    globalSetup: ['../../tools/vitest/pglite-template.ts', '../../tools/vitest/global-setup.ts'],
    setupFiles: ['../../tools/vitest/worker-database.ts'],
  },
})
