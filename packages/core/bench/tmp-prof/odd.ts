import { createEngine } from '../../src/engine/engine.js'
const e = await createEngine('postgres://postgres@127.0.0.1/test', { max: 1 })
const circ: Record<string, unknown> = {}; circ.self = circ
for (const v of [10n, circ, Symbol('x')]) {
  try { console.log(await e.scalar('SELECT $1::text', [v])) } catch (err) { console.log('ERR', (err as Error).constructor.name, (err as Error).message.split('\n')[0]) }
}
console.log(await e.scalar('SELECT 1'), e.stats)
await e.close()
