import { Gino, GinoIntegration } from '@gino-ts/core'
import { describe, expect, it } from 'vitest'
import { SERVER_DATABASE, serverAvailable, serverUrlVia } from '../src/drivers.js'
import { lateProxy } from '../src/late-proxy.js'

const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}

describe.skipIf(!(await serverAvailable()))('GinoIntegration [pg]', () => {
  it('can start again after a failed start, once the database is up', async () => {
    const proxy = await lateProxy(300)
    const db = new Gino()
    const gino = new GinoIntegration(db, {
      dsn: serverUrlVia(proxy.port),
      poolMinSize: 0,
      logger: quiet,
      env: {},
    })
    try {
      await expect(gino.start()).rejects.toThrow()
      expect(db.isBound).toBe(false)
      await proxy.listening
      const engine = await gino.start()
      expect(db.bind).toBe(engine)
      expect(await db.scalar('SELECT 1 + 1')).toBe(2)
      expect(await db.scalar('SELECT current_database()')).toBe(SERVER_DATABASE)
      expect(await gino.start()).toBe(engine)
    } finally {
      await gino.stop()
      await proxy.close()
    }
    expect(db.isBound).toBe(false)
  })
})
