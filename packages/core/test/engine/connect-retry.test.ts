/**
 * The integrations' startup retries (`connectEngine`): failures that may heal (a server not
 * up yet, a database not created yet) are retried; refused credentials are not.
 */
import { expect, it } from 'vitest'
import { ConnectionError } from '../../src/errors.js'
import { connectEngine } from '../../src/integration/connect.js'
import { describeServer, SERVER_DSN } from '../support/drivers.js'

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined }

function withUrl(change: (url: URL) => void): string {
  const url = new URL(SERVER_DSN)
  change(url)
  return url.toString()
}

describeServer('connectEngine retries', () => {
  it('does not retry a role the server refuses (28000): one attempt, then ConnectionError', async () => {
    const url = withUrl((u) => (u.username = `no_such_role_${process.pid}`))
    const started = Date.now()
    const error = await connectEngine(url, {}, { attempts: 5, intervalMs: 2000, logger: quiet }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectionError)
    expect((error as ConnectionError).sqlState).toBe('28000')
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('retries a database that does not exist (3D000), which a deploy may still be creating', async () => {
    const url = withUrl((u) => (u.pathname = `/no_such_db_${process.pid}`))
    const started = Date.now()
    const error = await connectEngine(url, {}, { attempts: 2, intervalMs: 300, logger: quiet }).catch((e: unknown) => e)
    expect((error as ConnectionError).sqlState).toBe('3D000')
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
  })
})
