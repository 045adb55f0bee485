export type * from './data/types.js'
