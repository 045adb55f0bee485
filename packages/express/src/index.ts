export { ginoExpress } from './middleware.js'
export type { ExpressGino, ExpressGinoOptions } from './types.js'
export {
  currentRequestScope,
  firstOr404,
  getOr404,
  DatabaseNotAllowedError,
  DatabaseUnavailableError,
  GinoHttpError,
  NotFoundError,
} from '@gino-ts/core'
