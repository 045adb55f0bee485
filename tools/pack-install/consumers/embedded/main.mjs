// Run where @electric-sql/pglite is installed next to @gino-ts/core: pglite:// loads it on
// first use. Plain JavaScript: the core consumer already type-checks createEngine.
import assert from 'node:assert/strict'
import { createEngine } from '@gino-ts/core'

const engine = await createEngine('pglite://')
assert.equal(await engine.scalar('SELECT 1 + 1'), 2)
await engine.close()
console.log('embedded consumer: ok')
