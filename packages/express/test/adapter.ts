import type { Server } from 'node:http'
import { errorAnswer, type FrameworkAdapter, type LogRecord } from '@gino-ts/conformance'
import type { IntegrationLogger } from '@gino-ts/core/integration'
import express, { type NextFunction, type Request, type Response } from 'express'
import { ginoExpress } from '../src/index.js'

export function captureLogger(logs: LogRecord[]): IntegrationLogger {
  const at =
    (level: LogRecord['level']) =>
    (fields: Record<string, unknown>, msg: string): void => {
      logs.push({ ...fields, level, msg })
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** The conformance app on Express: set up as the README shows. */
export const expressAdapter: FrameworkAdapter = {
  name: 'express',
  async build({ db, options, routes, logs }) {
    const app = express()
    const gino = ginoExpress(app, { db, logger: captureLogger(logs), ...options })
    app.use(gino.middleware)
    // After the gino middleware on purpose: the request context survives body parsing.
    app.use(express.json())
    for (const route of routes) {
      const handler = async (req: Request, res: Response): Promise<void> => {
        const body = await route.handler({
          db: req.db,
          params: req.params as Record<string, string>,
          query: req.query as Record<string, string>,
          body: req.body as unknown,
          status: (code) => void res.status(code),
        })
        res.json(body)
      }
      const method = route.method === 'GET' ? 'get' : 'post'
      app[method](route.path, route.transaction ? gino.transaction(handler) : handler)
    }
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      const { status, body } = errorAnswer(error)
      res.status(status).json(body)
    })
    await gino.start()
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
    })
    return {
      server,
      integration: gino.integration,
      appDb: app.locals.db,
      close: async () => {
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        await gino.close()
      },
    }
  },
}
