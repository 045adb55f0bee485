import { GinoError } from '../errors.js'

/**
 * A model declaration that cannot work: an unknown column in an index, two primary key
 * declarations, a table declared twice on one `db`... Raised by `db.model()`.
 */
export class ModelDefinitionError extends GinoError {
  constructor(message: string) {
    super('INVALID_MODEL', message)
  }
}

/**
 * A table operation (`create`, `get`, `query`, `createTable`, `createAll`...) on an
 * abstract model, which has columns and methods but no table. Declare a concrete model
 * from it with `Abstract.model('table', columns)`.
 */
export class AbstractModelError extends GinoError {
  constructor(name: string, operation?: string) {
    super(
      'ABSTRACT_MODEL',
      `${name} is an abstract model (no table)${operation === undefined ? '' : `: ${operation} needs a table`}; ` +
        `declare a concrete model with ${name}.model('table_name', columns) and use that.`,
    )
  }
}

/** Why a JSON property operation failed; see `JsonPropertyError`. */
export type JsonPropertyErrorCode =
  'UNKNOWN_PROPERTY' | 'INVALID_PROPERTY_VALUE' | 'JSON_PARTIAL_UPDATE'

/**
 * A JSON property problem: a key in the column that no property declares (found when
 * loading), a value of the wrong type, or a partial update of a plain `json` column
 * (only `jsonb` can merge; update the whole column instead).
 */
export class JsonPropertyError extends GinoError {
  constructor(code: JsonPropertyErrorCode, message: string) {
    super(code, message)
  }
}
