import type { Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { loadConfig, serve } from '@gino-ts/demo-shared'
import { createApp } from './app.js'

const config = loadConfig({ dataDir: fileURLToPath(new URL('../data', import.meta.url)) })

await serve('express-demo', config, async () => {
  const { app, gino } = await createApp(config.options)
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, (error) =>
      error ? reject(error) : resolve(listening),
    )
  })
  return {
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await gino.close()
    },
  }
})
