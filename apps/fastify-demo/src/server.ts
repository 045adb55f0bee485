import { fileURLToPath } from 'node:url'
import { loadConfig, serve } from '@gino-ts/demo-shared'
import { buildApp } from './app.js'

const config = loadConfig({ dataDir: fileURLToPath(new URL('../data', import.meta.url)) })

await serve('fastify-demo', config, async () => {
  const app = await buildApp(config.options)
  await app.listen({ port: config.port, host: config.host })
  return { server: app.server, close: () => app.close() }
})
