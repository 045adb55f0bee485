import http from 'node:http'
import {
  type ConformanceRoute,
  errorAnswer,
  type FrameworkAdapter,
  type LogRecord,
} from '@gino-ts/conformance'
import type { IntegrationLogger } from '@gino-ts/core/integration'
import Koa, { type Context, type Next } from 'koa'
import { ginoKoa } from '../src/index.js'

export function captureLogger(logs: LogRecord[]): IntegrationLogger {
  const at =
    (level: LogRecord['level']) =>
    (fields: Record<string, unknown>, msg: string): void => {
      logs.push({ ...fields, level, msg })
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** A JSON body reader (what koa-bodyparser does), kept here to need no more packages. */
async function jsonBody(ctx: Context, next: Next): Promise<void> {
  if (ctx.is('application/json')) {
    const chunks: Buffer[] = []
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer)
    ;(ctx.request as { body?: unknown }).body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  }
  await next()
}

/** A minimal router: `/items/:id` patterns, method and path. */
function match(route: ConformanceRoute, ctx: Context): Record<string, string> | undefined {
  if (route.method !== ctx.method) return undefined
  const names: string[] = []
  const pattern = route.path.replace(/:([a-z]+)/g, (_all, name: string) => {
    names.push(name)
    return '([^/]+)'
  })
  const found = new RegExp(`^${pattern}$`).exec(ctx.path)
  if (!found) return undefined
  return Object.fromEntries(
    names.map((name, index) => [name, decodeURIComponent(found[index + 1]!)]),
  )
}

/** The conformance app on Koa: set up as the README shows. */
export const koaAdapter: FrameworkAdapter = {
  name: 'koa',
  async build({ db, options, routes, logs }) {
    const app = new Koa()
    app.silent = true
    const gino = ginoKoa(app, { db, logger: captureLogger(logs), ...options })
    app.use(async function errorHandler(ctx: Context, next: Next): Promise<void> {
      try {
        await next()
      } catch (error) {
        const { status, body } = errorAnswer(error)
        ctx.status = status
        ctx.body = body
      }
    })
    app.use(gino.middleware)
    app.use(jsonBody)
    app.use(async (ctx, next) => {
      for (const route of routes) {
        const params = match(route, ctx)
        if (params === undefined) continue
        const handle = async (): Promise<void> => {
          ctx.body = await route.handler({
            db: ctx.db,
            params,
            query: ctx.query as Record<string, string>,
            body: (ctx.request as { body?: unknown }).body,
            status: (code) => void (ctx.status = code),
          })
        }
        if (route.transaction) await gino.transaction()(ctx, handle)
        else await handle()
        return
      }
      await next()
    })
    await gino.start()
    const handle = app.callback()
    const server = http.createServer((req, res) => void handle(req, res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return {
      server,
      integration: gino.integration,
      appDb: app.context.db,
      close: async () => {
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        await gino.close()
      },
    }
  },
}
