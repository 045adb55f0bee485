import { createEngine } from '../../src/engine/engine.js'
const e = await createEngine('postgres://postgres@127.0.0.1/test', { max: 1, acquireTimeout: 2000 })
const circ: Record<string, unknown> = {}; circ.self = circ
const t = setTimeout(() => { console.log('HANG'); process.exit(1) }, 5000)
try {
  await e.transaction(async () => {
    try { await e.scalar('SELECT $1::text', [circ]) } catch (err) { console.log('ERR1', (err as Error).message.split('\n')[0]) }
    console.log('next', await e.scalar('SELECT 2').catch((err: Error) => 'ERR2 ' + err.message.split('\n')[0]))
  })
} catch (err) { console.log('TX ERR', (err as Error).message.split('\n')[0]) }
console.log(await e.scalar('SELECT 1'), e.stats)
clearTimeout(t)
await e.close()
