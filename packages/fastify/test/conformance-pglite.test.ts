import { runConformance } from '@gino-ts/conformance'
import { fastifyAdapter } from './adapter.js'

await runConformance(fastifyAdapter, { drivers: ['pglite'] })
