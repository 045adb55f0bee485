export { instrumentGino, type GinoInstrumentation, type InstrumentGinoOptions } from './instrument-gino.js'
export { operationName } from './operation-name.js'
