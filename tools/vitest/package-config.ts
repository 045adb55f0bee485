/**
 * The vitest configuration the packages share: in-memory PGlite databases start from a
 * template (see `pglite-template.ts`), test files of a worker share its module cache
 * (each declares its own models and engines, so nothing leaks, and imports are not paid
 * again for every file), and generous timeouts for a loaded machine. A package passes what
 * it does differently; `globalSetup` entries are added after the template's.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig, type ViteUserConfig } from 'vitest/config'

type TestOptions = NonNullable<ViteUserConfig['test']>

const template = fileURLToPath(new URL('./pglite-template.ts', import.meta.url))

/** The shared configuration, with `options` on top. */
export function packageTestConfig(options: TestOptions = {}): ViteUserConfig {
  const { globalSetup = [], ...rest } = options
  return defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      typecheck: { include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
      testTimeout: 30_000,
      hookTimeout: 60_000,
      isolate: false,
      ...rest,
      globalSetup: [template, ...(Array.isArray(globalSetup) ? globalSetup : [globalSetup])],
    },
  })
}

/**
 * `workers` test files side by side: the suites mostly wait (on the database, timers,
 * child processes), so this pays even on two cores, where vitest's default is one worker.
 * As many workers at least: tinypool ending an idle one while others run fails the run.
 */
export function sideBySide(workers: number): TestOptions {
  return { maxWorkers: workers, minWorkers: workers }
}
