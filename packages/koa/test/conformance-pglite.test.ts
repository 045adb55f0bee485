import { runConformance } from '@gino-ts/conformance'
import { koaAdapter } from './adapter.js'

await runConformance(koaAdapter, { drivers: ['pglite'] })
