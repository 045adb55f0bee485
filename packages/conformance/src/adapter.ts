import type { Server } from 'node:http'
import type {
  DatabasesOptions,
  GinoInstance,
  GinoIntegration,
  GinoIntegrationOptions,
  SchemasOptions,
} from '@gino-ts/core/integration'

/** A request as conformance handlers see it, whatever the framework. */
export interface ConformanceRequest {
  /** The framework's `db` decorator of the request (`request.db`, `req.db`, `ctx.db`). */
  readonly db: unknown
  readonly params: Readonly<Record<string, string>>
  readonly query: Readonly<Record<string, string | undefined>>
  readonly body: unknown
  /** Sets the response status. */
  status(code: number): void
}

/** One route of the conformance app; the handler's result is answered as JSON. */
export interface ConformanceRoute {
  readonly method: 'GET' | 'POST'
  /** Express-style path: `/items/:id`. */
  readonly path: string
  /** Run the handler in the framework's per-route transaction. */
  readonly transaction?: boolean
  readonly handler: (request: ConformanceRequest) => Promise<unknown>
}

/** A log line written by the app's logger, normalized. */
export interface LogRecord {
  readonly level: 'debug' | 'info' | 'warn' | 'error'
  readonly msg: string
  readonly reqId?: string
  readonly [field: string]: unknown
}

/** Integration options without the framework-typed parts (selectors by query parameter or header only). */
export type NeutralOptions = Omit<
  GinoIntegrationOptions<never>,
  'databases' | 'schemas' | 'logger'
> & {
  databases?: Omit<DatabasesOptions<unknown>, 'select'>
  schemas?: Omit<SchemasOptions<unknown>, 'select'> & {
    select?: { readonly query: string } | { readonly header: string }
  }
}

export interface BuildOptions {
  readonly db: GinoInstance
  readonly options: NeutralOptions
  readonly routes: readonly ConformanceRoute[]
  /** Where the app's logger (at debug level) writes. */
  readonly logs: LogRecord[]
  /** Request ids come from the `X-Request-Id` header. */
}

/** The integration as the suite inspects it. */
export type IntegrationView = Pick<GinoIntegration<never>, 'config' | 'databases' | 'engine' | 'db'>

/** An app built by an adapter, listening on 127.0.0.1. */
export interface ConformanceApp {
  readonly server: Server
  readonly integration: IntegrationView
  /** The app-level `db` decorator (`fastify.db`, `app.locals.db`, `app.context.db`). */
  readonly appDb: unknown
  /** Stops the server and the integration. */
  close(): Promise<void>
}

/**
 * What a framework package gives the suite: a way to build an app with its integration
 * (registered as its README says) serving `routes`. Startup errors reject `build`.
 */
export interface FrameworkAdapter {
  readonly name: string
  build(options: BuildOptions): Promise<ConformanceApp>
}
