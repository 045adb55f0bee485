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
  // A reader is compiled per execution; the builder for one result layout is made once,
  // so V8 optimizes it across executions instead of starting cold on each `db.all`.
  let byLayout = builders.get(prototype)
  if (byLayout === undefined)
    builders.set(prototype, (byLayout = new Map<string, InstanceBuilder>()))
  const layout = `${attributes.join('\u0000')}\u0001${positions.join('\u0000')}\u0001${lists.join('\u0000')}`
  let builder = byLayout.get(layout)
  if (builder === undefined) {
    if (byLayout.size >= LAYOUTS_PER_PROTOTYPE) byLayout.delete(byLayout.keys().next().value!)
    builder = generateBuilder(prototype, attributes, positions, lists)
    byLayout.set(layout, builder)
  }
  return builder
}

/** Builders by prototype, then by layout (attributes, positions, lists). */
const builders = new WeakMap<object, Map<string, InstanceBuilder>>()
/** Result layouts kept per prototype (ad-hoc queries could otherwise grow the map without end). */
const LAYOUTS_PER_PROTOTYPE = 64

function generateBuilder(
  prototype: object,
  attributes: readonly string[],
  positions: readonly RowKey[],
  lists: readonly string[],
): InstanceBuilder {
  const body = [
    'return function build(row) {',
    '  const object = Object.create(prototype)',
    ...attributes.map(
      (attribute, i) => `  object[${JSON.stringify(attribute)}] = row[${keyCode(positions[i]!)}]`,
    ),
    ...lists.map((list) => `  object[${JSON.stringify(list)}] = []`),
    '  return object',
    '}',
  ].join('\n')
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from model metadata only, see above
    return (new Function('prototype', body) as (prototype: object) => InstanceBuilder)(prototype)
  } catch {
    return genericBuilder(prototype, attributes, positions, lists)
  }
}
