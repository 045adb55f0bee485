export { ginoKoa } from './middleware.js'
export type { KoaGino, KoaGinoOptions } from './types.js'
export {
  currentRequestScope,
  firstOr404,
  getOr404,
  DatabaseNotAllowedError,
  DatabaseUnavailableError,
  GinoHttpError,
  NotFoundError,
} from '@gino-ts/core'
