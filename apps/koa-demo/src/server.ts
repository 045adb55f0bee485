import type { Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { loadConfig, serve } from '@gino-ts/demo-shared'
import { createApp } from './app.js'

const config = loadConfig({ dataDir: fileURLToPath(new URL('../data', import.meta.url)) })

await serve('koa-demo', config, async () => {
  const { app, gino } = await createApp(config.options)
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening))
    listening.once('error', reject)
  })
  return {
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await gino.close()
    },
  }
})
