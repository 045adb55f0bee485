import { runConformance } from '@gino-ts/conformance'
import { expressAdapter } from './adapter.js'

await runConformance(expressAdapter, { drivers: ['pglite'] })
