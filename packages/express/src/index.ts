export { ginoExpress } from './middleware.js'
export type { ExpressGino, ExpressGinoOptions } from './types.js'
export {
  DatabaseNotAllowedError,
  DatabaseUnavailableError,
  GinoHttpError,
  NotFoundError,
} from '@gino-ts/core'
export { currentRequestScope, firstOr404, getOr404 } from '@gino-ts/core/integration'
