export { adminRouter } from './adapters/express.js'
