import { describe, expectTypeOf, test } from 'vitest'
import type { Connection, Gino, ReleaseOptions, Transaction } from '../../src/index.js'

declare const db: Gino
declare const conn: Connection

describe('connection management options are typed', () => {
  test('acquire({ timeout }) and release({ permanent })', () => {
    expectTypeOf(db.acquire({ timeout: 500, lazy: true })).resolves.toEqualTypeOf<Connection>()
    // @ts-expect-error the wait limit is a number of milliseconds
    void db.acquire({ timeout: '500' })
    expectTypeOf(conn.release).parameter(0).toEqualTypeOf<ReleaseOptions | undefined>()
    // @ts-expect-error permanent is a boolean
    void conn.release({ permanent: 'no' })
  })

  test('transaction({ reuse }) on the engine and db; tx.connection', async () => {
    await db.transaction(
      (tx) => {
        expectTypeOf(tx).toEqualTypeOf<Transaction>()
        expectTypeOf(tx.connection).toEqualTypeOf<Connection>()
      },
      { reuse: false, isolation: 'serializable' },
    )
    // @ts-expect-error a connection's transaction is on that connection: no reuse option
    await conn.transaction(() => 1, { reuse: false })
  })
})
