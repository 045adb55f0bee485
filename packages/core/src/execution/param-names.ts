/**
 * Compile-time twin of `text()`'s parser: the `:name` parameters of a literal SQL string,
 * as a union of names (`never` when there are none), or `string` when the SQL is not a
 * literal or holds something this type does not follow (an `E'...'` string with
 * backslash escapes, or more than 200 quotes, comments and colons, to keep the
 * type-check fast): such SQL gets loosely typed parameters, checked at run time only.
 * `::casts`, quoted strings and identifiers, dollar quotes and comments are skipped, as
 * the runtime parser does.
 *
 * @example
 * ```ts
 * type A = ParamNames<'SELECT * FROM users WHERE id = :id AND name = :name'> // 'id' | 'name'
 * type B = ParamNames<"SELECT ':no', 1::int"> // never
 * ```
 */
export type ParamNames<S extends string> = string extends S ? string : Scan<S, never, []>

type Upper = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M' |
  'N' | 'O' | 'P' | 'Q' | 'R' | 'S' | 'T' | 'U' | 'V' | 'W' | 'X' | 'Y' | 'Z'
type NameStart = Upper | Lowercase<Upper> | '_'
type NamePart = NameStart | '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9'

// Openers of text the parser skips, and ':'.
type Special = "'" | '"' | '--' | '/*' | '$' | ':'

/** The text before the first `O` in `S`, when that `O` comes before every other special. */
type FirstIs<S extends string, O extends Special> = S extends `${infer Before}${O}${string}`
  ? Before extends `${string}${Exclude<Special, O>}${string}`
    ? false
    : true
  : false

type Earliest<S extends string> =
  FirstIs<S, ':'> extends true ? ':'
  : FirstIs<S, "'"> extends true ? "'"
  : FirstIs<S, '"'> extends true ? '"'
  : FirstIs<S, '--'> extends true ? '--'
  : FirstIs<S, '/*'> extends true ? '/*'
  : FirstIs<S, '$'> extends true ? '$'
  : never

// Specials read before giving up (to `string`): bounds the compile-time work.
type MaxSteps = 200

type Scan<S extends string, Acc extends string, Steps extends unknown[]> =
  Steps['length'] extends MaxSteps
  ? string
  : Earliest<S> extends infer O extends Special
    ? [O] extends [never]
      ? Acc
      : S extends `${infer Before}${O}${infer Rest}`
        ? O extends ':'
          ? Rest extends `:${infer After}`
            ? Scan<After, Acc, [...Steps, 0]>
            : Rest extends `${infer C extends NameStart}${infer After}`
              ? ReadName<After, C, Acc, [...Steps, 0]>
              : Scan<Rest, Acc, [...Steps, 0]>
          : O extends "'"
            ? Before extends `${string}${'E' | 'e'}` ? string : SkipTo<Rest, "'", Acc, [...Steps, 0]>
            : O extends '"'
              ? SkipTo<Rest, '"', Acc, [...Steps, 0]>
              : O extends '--'
                ? SkipTo<Rest, '\n', Acc, [...Steps, 0]>
                : O extends '/*'
                  ? SkipTo<Rest, '*/', Acc, [...Steps, 0]>
                  : Dollar<Rest, Acc, [...Steps, 0]>
        : Acc
    : Acc

type SkipTo<S extends string, Close extends string, Acc extends string, Steps extends unknown[]> =
  S extends `${string}${Close}${infer After}` ? Scan<After, Acc, Steps> : Acc

type ReadName<S extends string, Name extends string, Acc extends string, Steps extends unknown[]> =
  S extends `${infer C extends NamePart}${infer After}`
    ? ReadName<After, `${Name}${C}`, Acc, Steps>
    : Scan<S, Acc | Name, Steps>

type IsTag<S extends string> = S extends ''
  ? true
  : S extends `${NameStart}${infer Rest}`
    ? IsTagRest<Rest>
    : false
type IsTagRest<S extends string> = S extends ''
  ? true
  : S extends `${NamePart}${infer Rest}`
    ? IsTagRest<Rest>
    : false

// After a '$': a dollar quote `$tag$ ... $tag$` (or `$$ ... $$`) is skipped; else '$' is text.
type Dollar<S extends string, Acc extends string, Steps extends unknown[]> =
  S extends `${infer Tag}$${infer Body}`
    ? IsTag<Tag> extends true
      ? SkipTo<Body, `$${Tag}$`, Acc, Steps>
      : Scan<S, Acc, Steps>
    : Scan<S, Acc, Steps>
