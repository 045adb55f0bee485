import Fastify from 'fastify'
import { Gino } from '@gino-ts/core'
import { ginoPlugin } from '@gino-ts/fastify'

const db = new Gino()
const app = Fastify()
await app.register(ginoPlugin, {
  db,
  dsn: 'postgres://postgres@localhost/postgres',
  databases: { allow: ['tenant_a', 'tenant_b'], max: 10 },
})
// GET /current-database?db=tenant_a → {"dbname":"tenant_a"}; ?db=other → 400
app.get('/current-database', async () => ({ dbname: await db.scalar('SELECT current_database()') }))
