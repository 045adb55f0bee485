import type { ColumnMeta, ModelMeta, PropertyMeta, RegisteredModel } from '@gino-ts/core'
import { AdminConfigError } from './errors.js'
import { fieldKind, isSortable, maxLengthOf } from './field-kind.js'
import { humanize } from './labels.js'
import type { AdminField, AdminFieldKind, AdminModel, AdminModelOptions, AdminRelation, AdminRow } from './types.js'

/** A visible field with what the data layer needs to read and write it. */
export interface FieldInfo {
  readonly field: AdminField
  /** Set for a table column. */
  readonly column: ColumnMeta | undefined
  /** Set for a JSON property. */
  readonly property: PropertyMeta | undefined
}

/** One admin model and the model class behind it. */
export interface ModelInfo {
  readonly admin: AdminModel
  readonly model: RegisteredModel
  readonly meta: ModelMeta
  /** Visible fields by attribute name. */
  readonly fields: ReadonlyMap<string, FieldInfo>
  /** The primary key's fields, in key order. */
  readonly key: readonly FieldInfo[]
  readonly label: ((row: AdminRow) => string) | undefined
}

const PROPERTY_KINDS: Readonly<Record<string, AdminFieldKind>> = {
  string: 'text',
  integer: 'integer',
  number: 'float',
  boolean: 'boolean',
  datetime: 'timestamptz',
  object: 'json',
  array: 'json',
}

const HINTS: Readonly<Record<AdminFieldKind, string>> = {
  text: 'contains; =exact; is:null, not:null',
  integer: '10, >=10, <10, 10..20; is:null, not:null',
  bigint: '10, >=10, <10, 10..20; is:null, not:null',
  numeric: '1.5, >=1.5, <10, 1..2.5; is:null, not:null',
  float: '1.5, >=1.5, <10, 1..2.5; is:null, not:null',
  date: '2024-05-01, >=2024-05-01, 2024-05-01..2024-05-31; is:null, not:null',
  timestamp: '2024-05-01, >=2024-05-01T10:00, 2024-05-01..2024-05-31; is:null, not:null',
  timestamptz: '2024-05-01, >=2024-05-01T10:00Z, 2024-05-01..2024-05-31; is:null, not:null',
  time: '10:30, >=10:30, 09:00..17:00; is:null, not:null',
  boolean: 'true, false; is:null, not:null',
  enum: 'one of the values; is:null, not:null',
  uuid: 'exact; is:null, not:null',
  json: 'is:null, not:null',
  array: 'is:null, not:null',
  other: 'is:null, not:null',
}

const LABEL_FIELDS = ['name', 'title', 'label', 'displayName', 'username', 'email', 'slug', 'code']

function hasDefault(column: ColumnMeta): boolean {
  const spec = column.spec
  return (
    spec.defaultValue !== undefined ||
    spec.serverDefault !== undefined ||
    spec.autoIncrement !== undefined ||
    spec.identity !== undefined ||
    spec.sequence !== undefined
  )
}

function generated(column: ColumnMeta): boolean {
  return column.spec.autoIncrement !== undefined || column.spec.identity !== undefined
}

/** A model's admin name: its table, schema-qualified when it has a schema. */
export function modelName(meta: ModelMeta): string {
  return meta.qualifiedName
}

function checkNames(
  meta: ModelMeta,
  what: string,
  names: readonly string[] | undefined,
  known: ReadonlySet<string>,
): void {
  for (const name of names ?? []) {
    if (!known.has(name)) {
      throw new AdminConfigError(`Admin option ${what} of ${meta.qualifiedName} names "${name}", which is not a field of the model.`)
    }
  }
}

/** True when a btree index, the primary key or a unique constraint starts with the column. */
function leadsAnIndex(meta: ModelMeta, column: ColumnMeta): boolean {
  if (meta.primaryKey[0] === column || column.spec.unique || column.spec.index) return true
  if (meta.uniques.some((item) => item.columns[0] === column.name)) return true
  return meta.indexes.some(
    (item) => item.columns[0] === column.name && (item.method === undefined || item.method === 'btree') && item.where === undefined,
  )
}

function columnField(meta: ModelMeta, column: ColumnMeta, options: AdminModelOptions): AdminField {
  const kind = fieldKind(column.spec)
  const primaryKey = meta.primaryKey.includes(column)
  const readOnly =
    generated(column) ||
    (options.readOnly ?? []).includes(column.attribute) ||
    (kind === 'other' && (column.spec.codec !== undefined || column.spec.baseType === 'bytea')) ||
    meta.propertyColumns.has(column)
  const serverFilled = column.spec.serverDefault !== undefined || column.spec.sequence !== undefined
  const editable = readOnly
    ? { create: false, update: false }
    : { create: true, update: !(primaryKey || serverFilled) }
  const maxLength = maxLengthOf(column.spec)
  return {
    name: column.attribute,
    label: humanize(column.attribute),
    kind,
    nullable: column.spec.nullable,
    hasDefault: hasDefault(column),
    readOnly: !editable.update,
    primaryKey,
    ...(column.spec.enumType === undefined || kind !== 'enum' ? {} : { enumValues: [...column.spec.enumType.values] }),
    ...(maxLength === undefined ? {} : { maxLength }),
    editable,
    sortable: isSortable(kind),
    indexed: leadsAnIndex(meta, column),
    filterable: true,
    filterHint: HINTS[kind],
    source: 'column',
  }
}

function propertyField(property: PropertyMeta, options: AdminModelOptions): AdminField {
  const kind = PROPERTY_KINDS[property.spec.kind] ?? 'json'
  const readOnly = (options.readOnly ?? []).includes(property.attribute)
  return {
    name: property.attribute,
    label: humanize(property.attribute),
    kind,
    nullable: true,
    hasDefault: property.spec.defaultValue !== undefined,
    readOnly,
    primaryKey: false,
    editable: { create: !readOnly, update: !readOnly },
    sortable: false,
    filterable: false,
    source: 'property',
  }
}

/** What `describeModels` builds before the relations between models are known. */
interface Draft {
  readonly model: RegisteredModel
  readonly meta: ModelMeta
  readonly name: string
  readonly options: AdminModelOptions
}

/**
 * Describes every model with a primary key (a row the admin cannot address cannot be
 * shown nor edited): fields, list and search fields, relations both ways.
 */
export function describeModels(
  models: readonly RegisteredModel[],
  optionsByName: Readonly<Record<string, AdminModelOptions>>,
): ModelInfo[] {
  const drafts: Draft[] = []
  const byTable = new Map<string, Draft>()
  for (const model of models) {
    const meta = model.meta
    const name = modelName(meta)
    const options = optionsByName[name] ?? {}
    if (meta.primaryKey.length === 0) {
      if (optionsByName[name] !== undefined)
        throw new AdminConfigError(`Model ${name} has no primary key: the admin cannot address its rows.`)
      continue
    }
    const draft = { model, meta, name, options }
    drafts.push(draft)
    byTable.set(`${meta.schema ?? ''}.${meta.tableName}`, draft)
  }
  for (const name of Object.keys(optionsByName)) {
    if (!drafts.some((draft) => draft.name === name))
      throw new AdminConfigError(`Admin options name the model "${name}", which is not declared on this db.`)
  }

  const outgoingOf = new Map<Draft, AdminRelation[]>()
  const referencesOf = new Map<Draft, Map<string, { model: string; field: string }>>()
  for (const draft of drafts) {
    const relations: AdminRelation[] = []
    const references = new Map<string, { model: string; field: string }>()
    for (const foreignKey of draft.meta.foreignKeys) {
      const target = foreignKey.target()
      const to = byTable.get(`${target.schema ?? ''}.${target.table}`) ??
        (target.schema === undefined ? undefined : byTable.get(`.${target.table}`))
      if (to === undefined) continue
      const fromFields = foreignKey.columns.map((name) => draft.meta.byName.get(name)!.attribute)
      const toFields = target.columns.map((name) => to.meta.byName.get(name)?.attribute)
      if (toFields.some((field) => field === undefined)) continue
      relations.push({ fromModel: draft.name, fromFields, toModel: to.name, toFields: toFields as string[] })
      if (fromFields.length === 1) references.set(fromFields[0]!, { model: to.name, field: toFields[0]! })
    }
    outgoingOf.set(draft, relations)
    referencesOf.set(draft, references)
  }

  return drafts.map((draft) => {
    const { meta, options } = draft
    const hidden = new Set(options.hidden ?? [])
    const all = new Set([...meta.columns.map((column) => column.attribute), ...meta.properties.keys()])
    checkNames(meta, 'hidden', options.hidden, all)
    checkNames(meta, 'readOnly', options.readOnly, all)
    for (const column of meta.primaryKey) {
      if (hidden.has(column.attribute))
        throw new AdminConfigError(`Admin option hidden of ${meta.qualifiedName} names the primary key "${column.attribute}".`)
    }
    const fields = new Map<string, FieldInfo>()
    const references = referencesOf.get(draft)!
    for (const column of meta.columns) {
      if (hidden.has(column.attribute)) continue
      const base = columnField(meta, column, options)
      const reference = references.get(column.attribute)
      const field = reference === undefined ? base : { ...base, references: reference }
      fields.set(column.attribute, { field, column, property: undefined })
    }
    for (const property of meta.properties.values()) {
      if (hidden.has(property.attribute)) continue
      fields.set(property.attribute, { field: propertyField(property, options), column: undefined, property })
    }
    const visible = new Set(fields.keys())
    checkNames(meta, 'list', options.list, visible)
    checkNames(meta, 'search', options.search, visible)
    for (const name of options.search ?? []) {
      if (fields.get(name)!.field.kind !== 'text' || fields.get(name)!.column === undefined)
        throw new AdminConfigError(`Admin option search of ${meta.qualifiedName} names "${name}", which is not a text column.`)
    }
    const listFields =
      options.list ??
      [...fields.values()]
        .filter(({ field }) => field.kind !== 'json' && field.kind !== 'array' && field.source === 'column')
        .slice(0, 8)
        .map(({ field }) => field.name)
    const searchFields =
      options.search ??
      [...fields.values()].filter(({ field, column }) => field.kind === 'text' && column !== undefined).map(({ field }) => field.name)
    const outgoing = outgoingOf.get(draft)!
    const incoming = drafts.flatMap((other) => outgoingOf.get(other)!.filter((relation) => relation.toModel === draft.name))
    const admin: AdminModel = {
      name: draft.name,
      label: options.title ?? humanize(meta.tableName),
      fields: [...fields.values()].map(({ field }) => field),
      primaryKey: meta.primaryKey.map((column) => column.attribute),
      listFields,
      searchFields,
      outgoing,
      incoming,
    }
    const label = options.label
    return {
      admin,
      model: draft.model,
      meta,
      fields,
      key: meta.primaryKey.map((column) => fields.get(column.attribute)!),
      label: label ?? defaultLabel(admin),
    }
  })
}

/** The first non-empty of `name`, `title`... when the model has one; else none (the key is used). */
function defaultLabel(admin: AdminModel): ((row: AdminRow) => string) | undefined {
  const named = LABEL_FIELDS.find((name) => admin.fields.some((field) => field.name === name && field.kind === 'text'))
  if (named === undefined) return undefined
  return (row) => {
    const value = row[named]
    return typeof value === 'string' && value !== '' ? value : ''
  }
}

