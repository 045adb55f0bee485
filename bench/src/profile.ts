/**
 * Runs one side of one workload (by its number: 1...7, 6b) for a while, for profiling:
 *   node --cpu-prof --cpu-prof-dir=prof --import tsx src/profile.ts server 1 gino 5
 * then `npx tsx src/cpuprofile-summary.ts prof/<file>.cpuprofile`.
 */
import { openPglite, openServer } from './backends.js'
import { workloads } from './workloads.js'

const [backendName = 'server', workloadNumber = '1', side = 'gino', seconds = '5'] =
  process.argv.slice(2)
if (side !== 'gino' && side !== 'raw' && side !== 'prepared') throw new Error('side must be gino, raw or prepared')
const backend = await (backendName === 'pglite' ? openPglite() : openServer())
try {
  const workload = workloads(backend).find((w) => w.title.startsWith(`${workloadNumber}.`))
  if (workload === undefined) throw new Error(`no workload ${workloadNumber}`)
  const op = workload[side]
  if (op === undefined) throw new Error(`no ${side} side here`)
  let next = 0
  let done = 0
  const started = performance.now()
  const deadline = started + Number(seconds) * 1000
  await workload.beforeRound?.(side)
  const caller = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await op(next++)
      done++
    }
  }
  await Promise.all(Array.from({ length: workload.concurrency }, caller))
  const elapsed = (performance.now() - started) / 1000
  const cpu = process.cpuUsage()
  console.log(
    `${workload.title} [${side}] ${(done / elapsed).toFixed(1)} ops/s, ` +
      `${(((cpu.user + cpu.system) / 1000 / done) * 1000).toFixed(1)} µs process CPU per op (incl. setup)`,
  )
} finally {
  await backend.close()
}
