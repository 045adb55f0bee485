import { fastifyGino } from './plugin.js'

/** The plugin under the name the docs use: `fastify.register(ginoPlugin, { db })`. */
const ginoPlugin = fastifyGino

export { fastifyGino, ginoPlugin }
export type { FastifyGinoOptions, GinoRouteConfig } from './types.js'
export {
  DatabaseNotAllowedError,
  DatabaseUnavailableError,
  GinoHttpError,
  NotFoundError,
} from '@gino-ts/core'
export { currentRequestScope, firstOr404, getOr404 } from '@gino-ts/core/integration'
export default fastifyGino
