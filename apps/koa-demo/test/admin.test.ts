import http from 'node:http'
import { adminSuite } from '@gino-ts/demo-shared/testing'
import { createApp } from '../src/app.js'

adminSuite('koa', async (options) => {
  const { app, gino } = await createApp(options)
  app.silent = true
  const handle = app.callback()
  return {
    server: http.createServer((req, res) => void handle(req, res)),
    integration: gino.integration,
    close: () => gino.close(),
  }
})
