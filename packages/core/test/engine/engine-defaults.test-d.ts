import { describe, expectTypeOf, test } from 'vitest'
import type { EngineExecutionOptions, EngineOptions, IsolationLevel } from '../../src/index.js'

describe('engine-wide defaults are typed', () => {
  test('isolationLevel and executionOptions', () => {
    expectTypeOf<EngineOptions['isolationLevel']>().toEqualTypeOf<IsolationLevel | undefined>()
    expectTypeOf<EngineExecutionOptions>().toEqualTypeOf<{ timeout?: number; returnModel?: boolean }>()
    const ok: EngineOptions = { isolationLevel: 'repeatable read', executionOptions: { timeout: 1_000, returnModel: false } }
    void ok
    // @ts-expect-error not an isolation level
    const badLevel: EngineOptions = { isolationLevel: 'dirty read' }
    // @ts-expect-error a loader is per call only
    const badDefault: EngineOptions = { executionOptions: { loader: undefined } }
    void badLevel
    void badDefault
  })
})
