/**
 * The patterns the schemas use, as JSON Schema `pattern` strings (ECMAScript regular
 * expressions, which Ajv compiles with the `u` flag).
 */

/** Text without NUL characters: PostgreSQL `text` (and `jsonb` strings) cannot hold one. */
export const NO_NUL_PATTERN = '^[^\\u0000]*$'

/** A `bigint` / `bigserial` as gino-ts reads and writes it: a decimal integer string of at most 19 digits. */
export const BIGINT_PATTERN = '^-?(0|[1-9][0-9]{0,18})$'

/** A time of day as PostgreSQL prints it: `HH:MM[:SS[.ffffff]]`. */
export const TIME_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,6})?)?$'

/**
 * A `numeric(precision, scale)` value as a string: at most `precision - scale` integer digits
 * and `scale` decimals (PostgreSQL rounds more, which may overflow); `NaN` too. Unbounded
 * `numeric` takes any decimal, `NaN` and the infinities.
 *
 * @example
 * ```ts
 * numericPattern(10, 2) // '^(-?[0-9]{1,8}(\\.[0-9]{1,2})?|NaN)$'
 * ```
 */
export function numericPattern(precision?: number, scale = 0): string {
  if (precision === undefined) return '^(-?[0-9]+(\\.[0-9]+)?|-?\\.[0-9]+|NaN|-?Infinity)$'
  const digits = precision - scale
  const whole = digits > 0 ? `[0-9]{1,${digits}}` : '0'
  const decimals = scale > 0 ? `(\\.[0-9]{1,${scale}})?` : ''
  return `^(-?${whole}${decimals}|NaN)$`
}
