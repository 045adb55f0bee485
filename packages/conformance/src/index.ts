export type {
  BuildOptions,
  ConformanceApp,
  ConformanceRequest,
  ConformanceRoute,
  FrameworkAdapter,
  IntegrationView,
  LogRecord,
  NeutralOptions,
} from './adapter.js'
export { errorAnswer, type ErrorAnswer } from './error-body.js'
export { type ConformanceOptions, runConformance } from './suite.js'
export { SERVER_DSN } from './drivers.js'
