import { BIGINT_PATTERN, NO_NUL_PATTERN, TIME_PATTERN } from './patterns.js'

/** What this package reads of an Ajv error (Ajv's `ErrorObject`, also Fastify's `error.validation`). */
export interface ValidationErrorLike {
  readonly keyword: string
  /** JSON Pointer to the value: `''` for the whole body, `/name`, `/3/name`. */
  readonly instancePath: string
  readonly params: Readonly<Record<string, unknown>>
  readonly message?: string
}

/** Options of `describeValidationErrors()`. */
export interface DescribeOptions {
  /** What the whole value is called; default `'The body'`. */
  readonly subject?: string
  /** What an array item is called (`'User'` gives `User 3`); default `'Item'`. */
  readonly item?: string
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: 'a JSON object',
  array: 'a JSON array',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
}

const PATTERN_NAMES: Readonly<Record<string, string>> = {
  [BIGINT_PATTERN]: 'an integer written as a string',
  [TIME_PATTERN]: 'a time of day (HH:MM:SS)',
}

function where(path: string, options: DescribeOptions): string {
  const last = path.split('/').pop() ?? ''
  if (last === '') return options.subject ?? 'The body'
  const key = last.replace(/~1/g, '/').replace(/~0/g, '~')
  return /^\d+$/.test(key) ? `${options.item ?? 'Item'} ${key}` : key
}

function plural(count: unknown, noun: string): string {
  return `${String(count)} ${noun}${count === 1 ? '' : 's'}`
}

function typeName(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',')
  return types.map((name: unknown) => TYPE_NAMES[String(name)] ?? String(name)).join(' or ')
}

function sentence(error: ValidationErrorLike, types: readonly string[]): string {
  const { params } = error
  switch (error.keyword) {
    case 'type':
      return `must be ${typeName(types.length > 0 ? types : params.type)}`
    case 'required':
      return `${JSON.stringify(params.missingProperty)} is required`
    case 'additionalProperties':
      return `has an unknown field ${JSON.stringify(params.additionalProperty)}`
    case 'pattern':
      if (params.pattern === NO_NUL_PATTERN) return 'must not contain a NUL character'
      if (typeof params.pattern === 'string' && params.pattern.startsWith('^(-?'))
        return 'must be a decimal number written as a string'
      return `must be ${PATTERN_NAMES[String(params.pattern)] ?? `a string matching ${String(params.pattern)}`}`
    case 'format':
      return `must be a ${String(params.format)} string`
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`
    case 'minLength':
      return `must have at least ${plural(params.limit, 'character')}`
    case 'maxLength':
      return `must have at most ${plural(params.limit, 'character')}`
    case 'minItems':
      return `must have at least ${plural(params.limit, 'item')}`
    case 'maxItems':
      return `must have at most ${plural(params.limit, 'item')}`
    case 'minProperties':
      return `must have at least ${plural(params.limit, 'field')}`
    case 'minimum':
    case 'maximum':
      return `must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}`
    default:
      return error.message ?? 'is invalid'
  }
}

/**
 * One sentence for a client from Ajv's errors (the first one; with `anyOf` for a nullable
 * field, the types it allows), naming the field rather than a JSON Pointer:
 * `name must not contain a NUL character.`, `The body has an unknown field "admin".`
 * Values are never repeated in the message.
 *
 * @example
 * ```ts
 * if (!validate(body)) throw new ValidationError(describeValidationErrors(validate.errors ?? []))
 * ```
 */
export function describeValidationErrors(
  errors: readonly ValidationErrorLike[],
  options: DescribeOptions = {},
): string {
  const [first] = errors
  if (first === undefined) return `${options.subject ?? 'The body'} is invalid.`
  // A nullable field fails both branches of its anyOf: name every type it takes.
  const types =
    first.keyword === 'type'
      ? errors
          .filter((error) => error.keyword === 'type' && error.instancePath === first.instancePath)
          .map((error) => String(error.params.type))
      : []
  const subject = first.keyword === 'required' ? '' : `${where(first.instancePath, options)} `
  return `${subject}${sentence(first, types)}.`
}
