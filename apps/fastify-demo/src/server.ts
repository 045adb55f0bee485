import { fileURLToPath } from 'node:url'
import { loadConfig, serve } from '@gino-ts/demo-shared'
import { buildApp } from './app.js'

const config = loadConfig({ dataDir: fileURLToPath(new URL('../data', import.meta.url)) })

await serve('fastify-demo', config, async () => {
  const app = await buildApp(config.options)
  return {
    server: app.server,
    listen: async (port, host) => void (await app.listen({ port, host })),
    // Closes the server, then the engines (the plugin's onClose hook).
    closeServer: () => app.close(),
  }
})
