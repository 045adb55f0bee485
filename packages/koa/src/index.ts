export { ginoKoa } from './middleware.js'
export type { KoaGino, KoaGinoOptions } from './types.js'
export {
  DatabaseNotAllowedError,
  DatabaseUnavailableError,
  GinoHttpError,
  NotFoundError,
} from '@gino-ts/core'
export { currentRequestScope, firstOr404, getOr404 } from '@gino-ts/core/integration'
