import type { FieldParser } from '../dialect/driver-adapter.js'

type Bag = Record<string, unknown>

/** Makes one instance from one row: an array row read by position, or an object row by column name. */
export type InstanceBuilder = (row: readonly unknown[] | Bag) => Bag

/** Where each attribute's value is in a row: a position (array rows) or a column name (object rows). */
export type RowKey = number | string

function keyCode(key: RowKey): string {
  return typeof key === 'number' ? String(Math.trunc(key)) : JSON.stringify(key)
}

function genericBuilder(
  prototype: object,
  attributes: readonly string[],
  positions: readonly RowKey[],
  lists: readonly string[],
): InstanceBuilder {
  return (row) => {
    const object = Object.create(prototype) as Bag
    const values = row as Record<RowKey, unknown>
    for (let i = 0; i < attributes.length; i++) object[attributes[i]!] = values[positions[i]!]
    for (let i = 0; i < lists.length; i++) object[lists[i]!] = []
    return object
  }
}

/**
 * A function that builds instances of one model from array rows, made once per compiled
 * loader. It is generated with fixed property names and positions, so V8 sees plain
 * monomorphic stores (several times faster than a loop of keyed stores on 10,000 rows).
 * Names enter the code only as JSON string literals and positions as integers; where
 * code generation is disabled (`--disallow-code-generation-from-strings`) a generic
 * loop is used instead. Builders are cached per prototype and result layout.
 */
export function instanceBuilder(
  prototype: object,
  attributes: readonly string[],
  positions: readonly RowKey[],
  lists: readonly string[],
): InstanceBuilder {
  const layout = `${attributes.join('\u0000')}\u0001${positions.join('\u0000')}\u0001${lists.join('\u0000')}`
  return cachedFor(prototype, layout, () => generateBuilder(prototype, attributes, positions, lists))
}

/**
 * Makes one instance straight from a row's field texts (null for SQL NULL) and each
 * field's parser: no row object in between.
 */
export type InstanceDecoder = (texts: ReadonlyArray<string | null>, parsers: readonly FieldParser[]) => Bag

/**
 * A function that decodes rows of one result layout into instances: attribute `i` from
 * field `positions[i]`, through that field's parser; `lists` start as `[]`. Generated
 * and cached like `instanceBuilder`'s functions.
 */
export function instanceDecoder(
  prototype: object,
  attributes: readonly string[],
  positions: readonly number[],
  lists: readonly string[] = [],
): InstanceDecoder {
  const layout = `decode\u0001${attributes.join('\u0000')}\u0001${positions.join('\u0000')}\u0001${lists.join('\u0000')}`
  return cachedFor(prototype, layout, () => generateDecoder(prototype, attributes, positions, lists))
}

/**
 * The function cached for `prototype` and `layout`, made by `make` the first time. A
 * reader is compiled per execution; the function for one result layout is made once, so
 * V8 optimizes it across executions instead of starting cold on each `db.all`.
 */
function cachedFor<F>(prototype: object, layout: string, make: () => F): F {
  let byLayout = builders.get(prototype)
  if (byLayout === undefined) builders.set(prototype, (byLayout = new Map<string, unknown>()))
  let made = byLayout.get(layout) as F | undefined
  if (made === undefined) {
    if (byLayout.size >= LAYOUTS_PER_PROTOTYPE) byLayout.delete(byLayout.keys().next().value!)
    made = make()
    byLayout.set(layout, made)
  }
  return made
}

/** Builders and decoders by prototype, then by layout. */
const builders = new WeakMap<object, Map<string, unknown>>()
/** Result layouts kept per prototype (ad-hoc queries could otherwise grow the map without end). */
const LAYOUTS_PER_PROTOTYPE = 64

function generateBuilder(
  prototype: object,
  attributes: readonly string[],
  positions: readonly RowKey[],
  lists: readonly string[],
): InstanceBuilder {
  const assignments = attributes.map((attribute, i) => `this[${JSON.stringify(attribute)}] = row[${keyCode(positions[i]!)}]`)
  return compileInstance(prototype, 'row', assignments, lists, () => genericBuilder(prototype, attributes, positions, lists))
}

function genericDecoder(
  prototype: object,
  attributes: readonly string[],
  positions: readonly number[],
  lists: readonly string[],
): InstanceDecoder {
  return (texts, parsers) => {
    const object = Object.create(prototype) as Bag
    for (let i = 0; i < attributes.length; i++) {
      const at = positions[i]!
      const text = texts[at]!
      object[attributes[i]!] = text === null ? null : parsers[at]!(text)
    }
    for (let i = 0; i < lists.length; i++) object[lists[i]!] = []
    return object
  }
}

function generateDecoder(
  prototype: object,
  attributes: readonly string[],
  positions: readonly number[],
  lists: readonly string[],
): InstanceDecoder {
  const assignments = attributes.flatMap((attribute, i) => {
    const at = keyCode(positions[i]!)
    return [`text = texts[${at}]`, `this[${JSON.stringify(attribute)}] = text === null ? null : parsers[${at}](text)`]
  })
  return compileInstance(prototype, 'texts, parsers', ['let text', ...assignments], lists, () =>
    genericDecoder(prototype, attributes, positions, lists),
  )
}

/**
 * Compiles a constructor `Instance(parameters)` that runs `statements` and sets each of
 * `lists` to `[]`, with `prototype` as its instances' prototype, and returns a function
 * of the same parameters that makes one. A constructor rather than `Object.create`: V8
 * sizes the objects a constructor makes to the properties it sets, so every value sits
 * inside the instance (Object.create's objects keep four there and put the rest in a
 * second allocation): a third less memory per instance, and less for the garbage
 * collector to copy in a large result. Where code generation is disabled, `fallback`.
 */
function compileInstance<F>(
  prototype: object,
  parameters: string,
  statements: readonly string[],
  lists: readonly string[],
  fallback: () => F,
): F {
  const body = [
    `function Instance(${parameters}) {`,
    ...statements.map((statement) => `  ${statement}`),
    ...lists.map((list) => `  this[${JSON.stringify(list)}] = []`),
    '}',
    'Instance.prototype = prototype',
    `return function make(${parameters}) {`,
    `  return new Instance(${parameters})`,
    '}',
  ].join('\n')
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from model metadata only: names as JSON string literals, positions as integers
    return (new Function('prototype', body) as (prototype: object) => F)(prototype)
  } catch {
    return fallback()
  }
}
