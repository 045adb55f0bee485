import type { FieldParser } from '../dialect/driver-adapter.js'
import { type InstanceBuilder, instanceBuilder, type InstanceDecoder, instanceDecoder } from '../model/instance-builder.js'
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
  /** Completes each new instance (decodes enum arrays, vets JSON properties); see `instanceFinisher`. */
  readonly finish: ((instance: object) => void) | undefined
  /** Each field's parser when rows are texts: values are parsed only for new instances (and keys). */
  readonly parsers: readonly FieldParser[] | undefined
}

/**
 * Builds model instances from array rows, positions resolved in advance. With a
 * distinct key it keeps one instance per key value (per execution) and hands sub-loaded
 * objects to their parent once per pair. (Hot path: plain fields, no per-row closures.)
 */
export class ModelReader extends Reader {
  /** The entry of the object the last `read` returned (distinct readers only). */
  lastEntry: Entry | undefined = undefined
  readonly distinct: boolean
  private readonly plan: ModelReaderPlan
  private readonly cache: KeyMap = new Map()
  private readonly builder: InstanceBuilder | undefined
  private readonly decoder: InstanceDecoder | undefined
  private readonly parsers: readonly FieldParser[] | undefined
  /** The single key column's position, or -1 for composite keys. */
  private readonly key0: number
  // Rows of one parent usually arrive together: remember the last key to skip the map,
  // and the value it came from to skip parsing it again.
  private lastKey: unknown = NONE
  private lastRaw: unknown = NONE

  constructor(plan: ModelReaderPlan) {
    super()
    this.plan = plan
    this.distinct = plan.keys !== undefined
    this.key0 = plan.keys?.length === 1 ? plan.keys[0]! : -1
    this.parsers = plan.parsers
    if (plan.parsers === undefined) this.builder = instanceBuilder(plan.prototype, plan.attributes, plan.positions, plan.lists)
    else this.decoder = instanceDecoder(plan.prototype, plan.attributes, plan.positions, plan.lists)
  }

  /** The key value at `position`: parsed when rows are texts, then comparable (see `keyValue`). */
  private key(row: readonly unknown[], position: number): unknown {
    const value = row[position]
    const parsers = this.parsers
    return keyValue(parsers === undefined || value === null || value === undefined ? value : parsers[position]!(value as string))
  }

  private absent(row: readonly unknown[]): boolean {
    const present = this.plan.present
    for (let i = 0; i < present.length; i++) {
      const value = row[present[i]!]
      if (value !== null && value !== undefined) return false
    }
    return present.length > 0
  }

  private build(row: readonly unknown[]): Bag {
    const object = this.decoder === undefined ? this.builder!(row) : this.decoder(row as ReadonlyArray<string | null>, this.parsers!)
    if (this.plan.finish !== undefined) this.plan.finish(object)
    return object
  }

  /** The entry for this row's key, creating the object when the key is new (undefined: nothing to load). */
  private entry(row: readonly unknown[]): Entry | undefined {
    if (this.key0 >= 0) {
      const raw = row[this.key0]
      if (raw === this.lastRaw) {
        this.fresh = false
        return this.lastEntry
      }
      const key = this.key(row, this.key0)
      if (key === this.lastKey) {
        this.lastRaw = raw
        this.fresh = false
        return this.lastEntry
      }
      let entry = this.cache.get(key) as Entry | undefined
      if (entry === undefined) {
        if (this.absent(row)) return undefined
        entry = { object: this.build(row), parents: undefined }
        this.cache.set(key, entry)
        this.fresh = true
      } else this.fresh = false
      this.lastKey = key
      this.lastRaw = raw
      return entry
    }
    const keys = this.plan.keys!
    let map = this.cache
    for (let i = 0; i < keys.length - 1; i++) {
      const key = this.key(row, keys[i]!)
      let next = map.get(key) as KeyMap | undefined
      if (next === undefined) map.set(key, (next = new Map()))
      map = next
    }
    const last = this.key(row, keys[keys.length - 1]!)
    let entry = map.get(last) as Entry | undefined
    if (entry === undefined) {
      if (this.absent(row)) return undefined
      entry = { object: this.build(row), parents: undefined }
      map.set(last, entry)
      this.fresh = true
    } else this.fresh = false
    return entry
  }

  read(row: readonly unknown[]): unknown {
    let object: Bag
    if (this.distinct) {
      const entry = this.entry(row)
      if (entry === undefined) return NONE
      this.lastEntry = entry
      object = entry.object
    } else {
      if (this.absent(row)) return NONE
      object = this.build(row)
    }
    const slots = this.plan.slots
    if (slots.length === 0) return object
    const fresh = this.fresh
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!
      const reader = slot.reader
      const child = reader.read(row)
      if (child === NONE) continue
      if (slot.mode === SlotMode.Property) {
        object[slot.key] = child
        continue
      }
      if (slot.dedupe) {
        const entry = (reader as ModelReader).lastEntry!
        if (!fresh && !reader.fresh && linked(entry, object)) continue
        link(entry, object)
      }
      if (slot.mode === SlotMode.List) (object[slot.key] as unknown[]).push(child)
      else (object[slot.key] as (this: object, child: unknown) => void).call(object, child)
    }
    return object
  }
}
