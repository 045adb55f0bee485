import { NONE, Reader } from './reader.js'

/** How a sub-loaded object reaches its parent: `parent[key] = child`, `parent[key](child)`, `parent[key].push(child)`. */
export const SlotMode = { Property: 0, Method: 1, List: 2 } as const
export type SlotMode = (typeof SlotMode)[keyof typeof SlotMode]

/** A sub-loader of a model reader, compiled. */
export interface Slot {
  readonly key: string
  readonly reader: Reader
  readonly mode: SlotMode
  /** Parent and child are both distinct: a pair seen before must not be linked again. */
  readonly dedupe: boolean
}

/** A distinct object and the parents it was already handed to (one, or several for many-to-many). */
interface Entry {
  readonly object: Record<string, unknown>
  parents: object | Set<object> | undefined
}

type Bag = Record<string, unknown>
type KeyMap = Map<unknown, unknown>

/** Dates, buffers and JSON arrive as fresh objects per row: compare them by value. */
function keyValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (value instanceof Date) return value.getTime()
  return JSON.stringify(value)
}

function linked(entry: Entry, parent: object): boolean {
  const parents = entry.parents
  return parents === parent || (parents instanceof Set && parents.has(parent))
}

function link(entry: Entry, parent: object): void {
  const parents = entry.parents
  if (parents === undefined) entry.parents = parent
  else if (parents instanceof Set) parents.add(parent)
  else if (parents !== parent) entry.parents = new Set([parents, parent])
}

/** Everything a model reader is compiled into. */
export interface ModelReaderPlan {
  readonly prototype: object
  readonly attributes: readonly string[]
  readonly positions: readonly number[]
  /** Positions of the distinct key, or undefined when every row makes a new object. */
  readonly keys: readonly number[] | undefined
  /** Positions that must not all be NULL for an object to exist; empty at the top level. */
  readonly present: readonly number[]
  readonly slots: readonly Slot[]
  /** Properties that start as `[]` on every new object (`many()` slots). */
  readonly lists: readonly string[]
  readonly check: ((instance: object) => void) | undefined
}

/**
 * Builds model instances from array rows, positions resolved in advance. With a
 * distinct key it keeps one instance per key value (per execution) and hands sub-loaded
 * objects to their parent once per pair.
 */
export class ModelReader extends Reader {
  /** The entry of the object the last `read` returned (distinct readers only). */
  lastEntry: Entry | undefined
  readonly distinct: boolean
  readonly #plan: ModelReaderPlan
  readonly #cache: KeyMap = new Map()
  readonly #key0: number

  constructor(plan: ModelReaderPlan) {
    super()
    this.#plan = plan
    this.distinct = plan.keys !== undefined
    this.#key0 = plan.keys?.length === 1 ? plan.keys[0]! : -1
  }

  #absent(row: readonly unknown[]): boolean {
    const present = this.#plan.present
    for (let i = 0; i < present.length; i++) {
      const value = row[present[i]!]
      if (value !== null && value !== undefined) return false
    }
    return present.length > 0
  }

  #build(row: readonly unknown[]): Bag {
    const plan = this.#plan
    const object = Object.create(plan.prototype) as Bag
    const attributes = plan.attributes
    const positions = plan.positions
    for (let i = 0; i < attributes.length; i++) object[attributes[i]!] = row[positions[i]!]
    const lists = plan.lists
    for (let i = 0; i < lists.length; i++) object[lists[i]!] = []
    plan.check?.(object)
    return object
  }

  #find(row: readonly unknown[]): Entry | undefined {
    if (this.#key0 >= 0) return this.#cache.get(keyValue(row[this.#key0])) as Entry | undefined
    const keys = this.#plan.keys!
    let map: KeyMap | undefined = this.#cache
    for (let i = 0; i < keys.length - 1 && map !== undefined; i++) map = map.get(keyValue(row[keys[i]!])) as KeyMap | undefined
    return map?.get(keyValue(row[keys[keys.length - 1]!])) as Entry | undefined
  }

  #store(row: readonly unknown[], entry: Entry): void {
    if (this.#key0 >= 0) {
      this.#cache.set(keyValue(row[this.#key0]), entry)
      return
    }
    const keys = this.#plan.keys!
    let map = this.#cache
    for (let i = 0; i < keys.length - 1; i++) {
      const key = keyValue(row[keys[i]!])
      let next = map.get(key) as KeyMap | undefined
      if (next === undefined) map.set(key, (next = new Map()))
      map = next
    }
    map.set(keyValue(row[keys[keys.length - 1]!]), entry)
  }

  read(row: readonly unknown[]): unknown {
    let object: Bag
    let fresh = true
    if (this.distinct) {
      let entry = this.#find(row)
      if (entry !== undefined) {
        object = entry.object
        fresh = false
      } else {
        if (this.#absent(row)) return NONE
        object = this.#build(row)
        entry = { object, parents: undefined }
        this.#store(row, entry)
      }
      this.lastEntry = entry
    } else {
      if (this.#absent(row)) return NONE
      object = this.#build(row)
    }
    this.fresh = fresh
    const slots = this.#plan.slots
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!
      const child = slot.reader.read(row)
      if (child === NONE) continue
      if (slot.mode === SlotMode.Property) {
        object[slot.key] = child
        continue
      }
      if (slot.dedupe) {
        const entry = (slot.reader as ModelReader).lastEntry!
        if (!fresh && !slot.reader.fresh && linked(entry, object)) continue
        link(entry, object)
      }
      if (slot.mode === SlotMode.List) (object[slot.key] as unknown[]).push(child)
      else (object[slot.key] as (this: object, child: unknown) => void).call(object, child)
    }
    return object
  }
}
