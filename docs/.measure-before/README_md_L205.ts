import Fastify from 'fastify'
import { Gino } from '@gino-ts/core'
import { ginoPlugin } from '@gino-ts/fastify'

const db = new Gino()
const app = Fastify({ logger: true })
// Binds on startup (DB_DSN or the options; embedded PGlite when neither), closes on shutdown,
// and gives each request a lazy connection that every model call in the handler reuses.
await app.register(ginoPlugin, { db })
app.get('/now', async () => ({ now: await db.scalar('SELECT now()') }))
