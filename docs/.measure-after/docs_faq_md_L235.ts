import assert from 'node:assert/strict'
import { AsyncLocalStorage } from 'node:async_hooks'
import { type Engine, Gino, createEngine } from '@gino-ts/core'

const tenant = new AsyncLocalStorage<Engine>()

class ContextualGino extends Gino {
  #fallback: Engine | undefined
  override get bind(): Engine {
    return tenant.getStore() ?? this.#fallback ?? super.bind
  }
  override set bind(engine: Engine | undefined) {
    this.#fallback = engine
  }
}

const db = new ContextualGino()
const a = await createEngine('pglite://')
const b = await createEngine('pglite://')
await tenant.run(a, () => db.status('CREATE TABLE marker (name text)'))
assert.equal(await tenant.run(a, () => db.scalar("SELECT to_regclass('marker') IS NOT NULL")), true)
assert.equal(await tenant.run(b, () => db.scalar("SELECT to_regclass('marker') IS NOT NULL")), false)
await db.runWithBind(b, async () => assert.equal(db.bind, b))
await a.close()
await b.close()
