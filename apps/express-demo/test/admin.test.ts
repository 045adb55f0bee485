import http from 'node:http'
import { adminSuite } from '@gino-ts/demo-shared/testing'
import { createApp } from '../src/app.js'

adminSuite('express', async (options) => {
  const { app, gino } = await createApp(options)
  return { server: http.createServer(app), integration: gino.integration, close: () => gino.close() }
})
