import { fileURLToPath } from 'node:url'
import { lifecycleSuite } from '@gino-ts/demo-shared/testing'

lifecycleSuite('fastify', fileURLToPath(new URL('..', import.meta.url)))
