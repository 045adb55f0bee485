import { createEngine } from '@gino-ts/core'

export const behindPgBouncer = await createEngine('postgres://app@pgbouncer:6432/app', {
  pooler: true,
  statementTimeout: 5_000,
  lazy: true,
})
export const serverless = await createEngine('postgres://app@pgbouncer:6432/app', { pool: false, lazy: true })
