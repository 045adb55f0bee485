import { fastifyGino } from './plugin.js'

export { fastifyGino }
export type { FastifyGinoOptions, GinoRouteConfig } from './types.js'
export {
  currentRequestScope,
  firstOr404,
  getOr404,
  DatabaseNotAllowedError,
  DatabaseUnavailableError,
  GinoHttpError,
  NotFoundError,
} from '@gino-ts/core'
export default fastifyGino
