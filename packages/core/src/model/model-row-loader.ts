import type { FieldInfo, RowShaper } from '../dialect/driver-adapter.js'
import type { LoadContext, RowLoader } from '../execution/loader-hook.js'
import { type InstanceBuilder, instanceBuilder, type InstanceDecoder, instanceDecoder } from './instance-builder.js'
import type { ColumnMeta } from './model-meta.js'

/**
 * Builds instances of a model from rows keyed by column name: the simplest loader,
 * used by `Model.query`, `Model.get` and raw SQL loaded into a model. Instances are made
 * with the model's prototype without running its constructor, so subclass field
 * initializers cannot overwrite loaded values.
 */
export class ModelRowLoader<T> implements RowLoader<T>, RowShaper {
  /** Rows decoded into instances as the driver reads them, where it can (see `RowShaper`). */
  readonly rowMode: RowShaper = this
  readonly #prototype: object
  readonly #columns: readonly ColumnMeta[]
  readonly #finish: ((instance: object) => void) | undefined
  // One generated builder per set of columns present in a result (usually just one).
  readonly #builders = new Map<string, InstanceBuilder>()

  /**
   * `finish` completes each loaded instance: decodes values the drivers leave as text
   * (enum arrays) and vets JSON properties (unknown keys are an error).
   */
  constructor(
    prototype: object,
    columns: readonly ColumnMeta[],
    finish?: (instance: object) => void,
  ) {
    this.#prototype = prototype
    this.#columns = columns
    this.#finish = finish
  }

  /** One instance from one row; columns missing from the row are left unset. */
  instance(row: Record<string, unknown>): T {
    const instance = Object.create(this.#prototype) as Record<string, unknown>
    for (const column of this.#columns) {
      if (column.name in row) instance[column.attribute] = row[column.name]
    }
    this.#finish?.(instance)
    return instance as T
  }

  /** The builder for rows with these columns (every row of one result has the same). */
  #builderFor(has: (name: string) => boolean): InstanceBuilder {
    const present = this.#columns.filter((column) => has(column.name))
    const signature = present.map((column) => column.name).join('\u0000')
    let builder = this.#builders.get(signature)
    if (builder === undefined) {
      builder = instanceBuilder(
        this.#prototype,
        present.map((column) => column.attribute),
        present.map((column) => column.name),
        [],
      )
      this.#builders.set(signature, builder)
    }
    return builder
  }

  /** @internal The driver's hook: each row of a result with these columns decoded into an instance as it arrives. */
  decoderFor(columns: readonly string[]): InstanceDecoder {
    const attributes: string[] = []
    const positions: number[] = []
    for (const column of this.#columns) {
      // The last of equal names, as in an object row.
      const at = columns.lastIndexOf(column.name)
      if (at < 0) continue
      attributes.push(column.attribute)
      positions.push(at)
    }
    return instanceDecoder(this.#prototype, attributes, positions)
  }

  load(rows: readonly unknown[], _fields: readonly FieldInfo[], _context: LoadContext): T[] {
    const count = rows.length
    if (count === 0) return []
    const finish = this.#finish
    // Decoded by the driver already (see `decoderFor`): instances that only need finishing.
    if (Object.getPrototypeOf(rows[0]) === this.#prototype) {
      if (finish !== undefined) for (let i = 0; i < count; i++) finish(rows[i] as object)
      return rows as T[]
    }
    const out = new Array<T>(count)
    const sample = rows[0] as Record<string, unknown>
    const build = this.#builderFor((name) => name in sample)
    for (let i = 0; i < count; i++) {
      const instance = build(rows[i] as Record<string, unknown>)
      finish?.(instance)
      out[i] = instance as T
    }
    return out
  }
}
