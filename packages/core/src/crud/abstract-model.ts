import type { GinoDatabase } from '../model/gino-database.js'
import type { PropertyMap } from '../model/json-property.js'
import { ABSTRACT_MODEL } from '../model/meta-of.js'
import { defineModel, ModelBase } from './model.js'
import type { ModelOptions } from '../model/model-meta.js'
import type { ColumnMap } from '../model/model-types.js'

/** Options of `db.abstractModel()`: what concrete models inherit besides columns. */
export interface AbstractModelOptions<P extends PropertyMap = PropertyMap> {
  /** JSON properties every concrete model gets (merged with its own). */
  readonly properties?: P
  /** Attribute of the json/jsonb column holding the properties. Default `'profile'`. */
  readonly propertiesColumn?: string
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
      const merged: ModelOptions = {
        ...modelOptions,
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
