import {
  migrate,
  type MigrateOptions,
  type MigrationResult,
  type MigrationTarget,
} from './runner/migrator.js'

/** Options of `migrateOnStartup()`. */
export interface StartupOptions extends MigrateOptions {
  /** Where `DB_MIGRATE` is read. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** One line per applied migration (e.g. `app.log.info`). Default: silent. */
  readonly log?: (line: string) => void
}

/** True when `DB_MIGRATE` asks for migrations at startup (`true`, `1`, `yes`, `on`). */
export function migrationsRequested(
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  return /^(true|1|yes|on)$/i.test(env.DB_MIGRATE?.trim() ?? '')
}

/**
 * The opt-in for applications and framework integrations: when `DB_MIGRATE=true`, applies
 * the pending migrations (same advisory lock as `gino-ts migrate up`, so every instance
 * may call it while starting); otherwise does nothing and returns `undefined`.
 *
 * @example
 * ```ts
 * // fastify: after the plugin bound the engine, before listening
 * app.addHook('onReady', async () => {
 *   await migrateOnStartup(db, { dir: new URL('../migrations', import.meta.url).pathname, log: (l) => app.log.info(l) })
 * })
 * ```
 */
export async function migrateOnStartup(
  target: MigrationTarget,
  options: StartupOptions,
): Promise<MigrationResult[] | undefined> {
  if (!migrationsRequested(options.env)) return undefined
  const applied = await migrate(target, {
    ...options,
    onProgress: (event) => {
      options.onProgress?.(event)
      if (event.phase === 'done')
        options.log?.(
          `migration ${event.name} applied in ${Math.round(event.durationMs ?? 0)} ms (${event.statements ?? 0} statements)`,
        )
    },
  })
  return applied
}
