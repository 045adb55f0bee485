import request from 'supertest'
import { expect, it } from 'vitest'
import type { LogRecord } from '../adapter.js'
import type { SuiteContext } from '../context.js'

/** `echo`: statements logged at debug level on the framework's logger, with the request id. */
export function echoTests(ctx: SuiteContext): void {
  it('logs each statement at debug level with the request id', async () => {
    const logs: LogRecord[] = []
    const app = await ctx.build({ ...ctx.ownEngineOptions('echo').options, echo: true }, { logs })
    await request(app.server).get('/echo').set('X-Request-Id', 'echo-req-1').expect(200)
    const lines = logs.filter((line) => line.msg.includes('echo_marker'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      level: 'debug',
      reqId: 'echo-req-1',
      sql: expect.stringContaining('echo_marker') as unknown,
    })
  })

  it('logs nothing of the statements without echo', async () => {
    const logs: LogRecord[] = []
    const app = await ctx.build(ctx.baseOptions('noecho').options, { logs })
    await request(app.server).get('/echo').set('X-Request-Id', 'echo-req-2').expect(200)
    expect(logs.filter((line) => line.msg.includes('echo_marker'))).toEqual([])
  })
}
