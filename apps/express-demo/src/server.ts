import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { loadConfig, serve } from '@gino-ts/demo-shared'
import { createApp } from './app.js'

const config = loadConfig({ dataDir: fileURLToPath(new URL('../data', import.meta.url)) })

await serve('express-demo', config, async () => {
  const { app, gino } = await createApp(config.options)
  const server = createServer(app)
  return { server, closeDatabase: () => gino.close() }
})
