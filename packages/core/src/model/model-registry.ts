import type { SequenceSpec } from './column.js'
import { ModelDefinitionError } from './model-errors.js'
import { MODEL_META, type ModelMeta } from './model-meta.js'

/** What the registry holds: a model class (typed loosely; read `meta` for the declaration). */
export interface RegisteredModel {
  readonly name: string
  /** The resolved declaration: table, columns, keys, indexes, foreign keys, properties. */
  readonly meta: ModelMeta
  readonly [MODEL_META]: ModelMeta
}

/** @internal Where a `Gino` keeps its registry. */
export const MODEL_REGISTRY: unique symbol = Symbol.for('gino-ts.modelRegistry')

/**
 * The models declared on one `db`, in declaration order: what `createAll()` creates and
 * what a migration tool reads. A table may be declared once per `db`.
 *
 * @example
 * ```ts
 * for (const model of db.models) console.log(model.meta.qualifiedName, model.meta.columns.map((c) => c.name))
 * ```
 */
export class ModelRegistry {
  readonly #models: RegisteredModel[] = []
  readonly #byTable = new Map<string, RegisteredModel>()
  #snapshot: readonly RegisteredModel[] | undefined
  readonly #sequences: SequenceSpec[] = []

  /** Adds a model; `INVALID_MODEL` when its table is already declared. */
  add(model: RegisteredModel): void {
    const name = model[MODEL_META].qualifiedName
    if (this.#byTable.has(name)) {
      throw new ModelDefinitionError(
        `Table ${name} is already declared on this db; declare each table once (use alias() for a second name).`,
      )
    }
    this.#byTable.set(name, model)
    this.#models.push(model)
    this.#snapshot = undefined
  }

  /** The models, in declaration order (a frozen array). */
  get models(): readonly RegisteredModel[] {
    this.#snapshot ??= Object.freeze([...this.#models])
    return this.#snapshot
  }

  /** Records a sequence declared with `db.sequence()`: `createAll()` / `dropAll()` handle it. */
  addSequence(spec: SequenceSpec): void {
    this.#sequences.push(spec)
  }

  /** The sequences declared with `db.sequence()`, in declaration order. */
  get sequences(): readonly SequenceSpec[] {
    return this.#sequences
  }

  /** The model of `schema.table` / `table`, if declared. */
  byTable(qualifiedName: string): RegisteredModel | undefined {
    return this.#byTable.get(qualifiedName)
  }
}

/** @internal The registry of a `db`. */
export function registryOf(db: object): ModelRegistry {
  const registry = (db as { [MODEL_REGISTRY]?: ModelRegistry })[MODEL_REGISTRY]
  if (registry === undefined)
    throw new ModelDefinitionError('Models are declared on a Gino instance: db.model(...).')
  return registry
}
