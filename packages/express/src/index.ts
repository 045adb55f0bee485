export { ginoExpress } from './middleware.js'
export type { ExpressGino, ExpressGinoOptions } from './types.js'
export {
  currentRequestScope,
  firstOr404,
  getOr404,
  DatabaseNotAllowedError,
  DatabaseUnavailableError,
  NotFoundError,
} from '@gino-ts/core'
