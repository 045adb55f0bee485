import type { GinoDatabase } from '../model/gino-database.js'
import type { PropertyMap } from '../model/json-property.js'
import { ABSTRACT_MODEL } from '../model/meta-of.js'
import { defineModel, ModelBase } from './model.js'
import type { ModelOptions } from '../model/model-meta.js'
import type { ColumnMap } from '../model/model-types.js'
import { IndexBuilder, UniqueBuilder } from '../model/table-options.js'

/**
 * Options of `db.abstractModel()`: what concrete models inherit besides columns. `K` is
 * the abstract model's column keys.
 *
 * Indexes and named unique constraints are created on each concrete table; as their names
 * are unique per schema, each is prefixed with the table name there
 * (`index('created_idx')` on `posts` is `posts_created_idx`).
 *
 * @example
 * ```ts
 * const Stamped = db.abstractModel(
 *   { tenantId: column.integer().notNull(), slug: column.text().notNull() },
 *   { uniques: [unique('tenantId', 'slug')], indexes: [index('slug_idx').on('slug')] },
 * )
 * ```
 */
export interface AbstractModelOptions<P extends PropertyMap = PropertyMap, K extends string = string> {
  /** JSON properties every concrete model gets (merged with its own). */
  readonly properties?: P
  /** Attribute of the json/jsonb column holding the properties. Default `'profile'`. */
  readonly propertiesColumn?: string
  /** Indexes of every concrete model (named `<table>_<name>` there). */
  readonly indexes?: ReadonlyArray<IndexBuilder<K>>
  /** Unique constraints of every concrete model (a given name becomes `<table>_<name>`). */
  readonly uniques?: ReadonlyArray<UniqueBuilder<K>>
}

/** The abstract model's indexes and uniques, named for the concrete table. */
function inheritedConstraints(
  tableName: string,
  options: AbstractModelOptions,
): Pick<ModelOptions, 'indexes' | 'uniques'> {
  return {
    indexes: (options.indexes ?? []).map(
      ({ definition }) => new IndexBuilder({ ...definition, name: `${tableName}_${definition.name}` }),
    ),
    uniques: (options.uniques ?? []).map(({ definition }) =>
      definition.name === undefined
        ? new UniqueBuilder(definition)
        : new UniqueBuilder({ ...definition, name: `${tableName}_${definition.name}` }),
    ),
  }
}

/** @internal What an abstract model carries for its concrete models. */
export interface AbstractDeclaration {
  readonly db: GinoDatabase
  readonly columns: ColumnMap
  readonly options: AbstractModelOptions
}

/**
 * Declares an abstract model: a base class with columns (and, in your subclass, methods)
 * but no table. Its table operations throw `AbstractModelError`; `Base.model(table,
 * columns, options)` declares a concrete model inheriting the columns and the methods.
 */
export function defineAbstractModel(
  db: GinoDatabase,
  columns: ColumnMap,
  options: AbstractModelOptions = {},
): typeof ModelBase {
  const declaration: AbstractDeclaration = { db, columns: { ...columns }, options }
  const abstract = class extends ModelBase {
    static readonly [ABSTRACT_MODEL] = declaration

    /** Declares a concrete model: this class's columns, properties and methods, plus these. */
    static model(
      this: typeof ModelBase & { [ABSTRACT_MODEL]: AbstractDeclaration },
      tableName: string,
      own: ColumnMap,
      modelOptions: ModelOptions = {},
    ): typeof ModelBase {
      const inherited = this[ABSTRACT_MODEL]
      const constraints = inheritedConstraints(tableName, inherited.options)
      const merged: ModelOptions = {
        ...modelOptions,
        indexes: [...constraints.indexes!, ...(modelOptions.indexes ?? [])],
        uniques: [...constraints.uniques!, ...(modelOptions.uniques ?? [])],
        properties: { ...inherited.options.properties, ...modelOptions.properties },
        ...((modelOptions.propertiesColumn ?? inherited.options.propertiesColumn)
          ? {
              propertiesColumn: modelOptions.propertiesColumn ?? inherited.options.propertiesColumn,
            }
          : {}),
      }
      return defineModel(inherited.db, tableName, { ...inherited.columns, ...own }, merged, this)
    }
  }
  Object.defineProperty(abstract, 'name', { value: 'AbstractModel' })
  return abstract
}
