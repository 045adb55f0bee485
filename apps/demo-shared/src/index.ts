export { db, Book, User, Visit, userWithBooks, visitCounts } from './models.js'
export { ADMIN_PREFIX, demoAdmin, isAdminPath } from './admin.js'
export { MIGRATIONS_DIR, prepareDatabase, type SchemaSetup, SEED, startWithDatabase } from './seed.js'
export {
  loadConfig,
  pgliteUrl,
  type ConfigSource,
  type DemoConfig,
  type DemoOptions,
} from './config.js'
export {
  cleanName,
  cleanNewUser,
  NEW_USER_SCHEMA,
  NEW_USERS_SCHEMA,
  USER_CHANGES_SCHEMA,
  validationError,
  parseId,
  parseNewUser,
  parseNewUsers,
  parsePage,
  parseUserChanges,
  requireJsonBody,
  UnsupportedMediaTypeError,
  ValidationError,
  DEFAULT_LIMIT,
  MAX_BODY_BYTES,
  MAX_BULK,
  MAX_LIMIT,
  MAX_NAME_LENGTH,
  type NewUser,
  type Page,
  type UserChanges,
} from './validation.js'
export {
  errorResponse,
  routeNotFound,
  type ErrorBody,
  type ErrorResponse,
} from './error-response.js'
export { allowedMethods, noRoute, ROUTES, type NoRouteResponse, type RouteSpec } from './routes.js'
export { serve, type DemoServer } from './serve.js'
