export { adminSuite } from './admin-suite.js'
export { apiSuite } from './api-suite.js'
export type { AppFactory, DemoHarness } from './harness.js'
export {
  createDatabase,
  dropDatabase,
  probeServer,
  SERVER_DSN,
  serverUrl,
} from './server-databases.js'
export { lifecycleSuite } from './lifecycle-suite.js'
export {
  connectionRefused,
  keepAliveAgent,
  killApp,
  send,
  slowPost,
  spawnApp,
  withTimeout,
  type Answer,
  type AppProcess,
  type Exit,
} from './app-process.js'
