import { adminSuite } from '@gino-ts/demo-shared/testing'
import { buildApp } from '../src/app.js'

adminSuite('fastify', async (options) => {
  const app = await buildApp(options)
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { server: app.server, integration: app.gino, close: () => app.close() }
})
