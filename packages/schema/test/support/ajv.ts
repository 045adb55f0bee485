import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'

/** Ajv as an application outside Fastify would set it up: strict, with the formats. */
export function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: false })
  addFormats.default(ajv)
  return ajv
}
