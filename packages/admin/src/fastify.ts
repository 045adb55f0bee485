export { adminFastify, type AdminFastifyOptions } from './adapters/fastify.js'
