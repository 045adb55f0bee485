import { fileURLToPath } from 'node:url'
import { lifecycleSuite } from '@gino-ts/demo-shared/testing'

lifecycleSuite('express', fileURLToPath(new URL('..', import.meta.url)))
