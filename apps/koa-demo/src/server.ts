import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { loadConfig, serve } from '@gino-ts/demo-shared'
import { createApp } from './app.js'

const config = loadConfig({ dataDir: fileURLToPath(new URL('../data', import.meta.url)) })

await serve('koa-demo', config, async () => {
  const { app, gino } = await createApp(config.options)
  const handle = app.callback()
  const server = createServer((req, res) => void handle(req, res))
  return { server, closeDatabase: () => gino.close() }
})
