export { apiSuite } from './api-suite.js'
export type { AppFactory, DemoHarness } from './harness.js'
export {
  createDatabase,
  dropDatabase,
  probeServer,
  SERVER_DSN,
  serverUrl,
} from './server-databases.js'
