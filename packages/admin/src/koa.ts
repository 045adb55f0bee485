export { adminKoa } from './adapters/koa.js'
