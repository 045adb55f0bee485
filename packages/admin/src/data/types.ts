/**
 * The contract between the admin's data layer (`src/data/`: what the admin reads and writes
 * through the models) and its web layer (`src/web/`: routes, pages, forms, framework adapters).
 * Everything here is plain data: the web layer never sees a model class or SQL, and the data
 * layer never sees HTML or a request.
 *
 * Values travel as the strings an HTML form posts; the data layer parses them by column kind
 * and answers field errors keyed by attribute name.
 */

/** How a column is edited and filtered. */
export type AdminFieldKind =
  | 'integer'
  | 'bigint'
  | 'numeric'
  | 'float'
  | 'text'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'timestamptz'
  | 'time'
  | 'uuid'
  | 'enum'
  | 'json'
  | 'array'
  | 'other'

/** One column of a model as the admin shows it. */
export interface AdminField {
  /** The model attribute name (what forms post and filters name). */
  readonly name: string
  /** A human label ("Created at" for `createdAt`). */
  readonly label: string
  readonly kind: AdminFieldKind
  readonly nullable: boolean
  /** The server fills it when omitted (default, serial, identity). */
  readonly hasDefault: boolean
  /** Shown but never written by the admin: identity/serial, server defaults on edit, or options. */
  readonly readOnly: boolean
  readonly primaryKey: boolean
  /** For `enum`. */
  readonly enumValues?: readonly string[]
  /** For `text` with a length (`varchar(n)`). */
  readonly maxLength?: number
  /** A foreign key: the referenced admin model and its attribute. */
  readonly references?: { readonly model: string; readonly field: string }
  /**
   * Which forms write it (the data layer ignores it elsewhere): primary keys and
   * server-default columns are written on create only; `readOnly` fields never.
   */
  readonly editable?: { readonly create: boolean; readonly update: boolean }
  /** The list can be sorted by it (scalar kinds). */
  readonly sortable?: boolean
  /**
   * An index (or the primary key, a unique constraint) starts with this column: sorting and
   * range filters stay fast on a large table. Sorting by an unindexed column reads the table.
   */
  readonly indexed?: boolean
  /** The list can be filtered by it (`filterHint` says how). */
  readonly filterable?: boolean
  /** What a filter on it accepts, for a placeholder: `10, >=10, 10..20, is:null`. */
  readonly filterHint?: string
  /** A table column, or a JSON property kept in a json/jsonb column (not sortable nor filterable). */
  readonly source?: 'column' | 'property'
}

/** A foreign key between two admin models, seen from one side. */
export interface AdminRelation {
  /** The model holding the foreign key. */
  readonly fromModel: string
  readonly fromFields: readonly string[]
  /** The referenced model. */
  readonly toModel: string
  readonly toFields: readonly string[]
}

/** One model as the admin shows it. */
export interface AdminModel {
  /** URL-safe name, unique among the admin's models (the table name, schema-qualified if needed). */
  readonly name: string
  readonly label: string
  readonly fields: readonly AdminField[]
  readonly primaryKey: readonly string[]
  /** Fields shown in the list, in order. */
  readonly listFields: readonly string[]
  /** Fields the text search looks in. */
  readonly searchFields: readonly string[]
  /** Foreign keys this model holds. */
  readonly outgoing: readonly AdminRelation[]
  /** Foreign keys of other models pointing at this one. */
  readonly incoming: readonly AdminRelation[]
}

/** Per-model options a user passes when mounting the admin. */
export interface AdminModelOptions<Row = Record<string, unknown>> {
  /** Fields to list, in order (default: all visible fields, at most 8). */
  readonly list?: readonly string[]
  /** Fields the text search looks in (default: the text fields). */
  readonly search?: readonly string[]
  /** Fields shown but never written. */
  readonly readOnly?: readonly string[]
  /** Fields never shown nor written. */
  readonly hidden?: readonly string[]
  /** A row's label in links, titles and foreign-key pickers. */
  readonly label?: (row: Row) => string
  /** The model's own label (`AdminModel.label`; default from the table name: "Order lines"). */
  readonly title?: string
}

/** A row ready for display: attribute → value as the model loaded it. */
export type AdminRow = Readonly<Record<string, unknown>>

/**
 * A row's key as one URL-safe string (composite keys included); opaque to the web layer,
 * parsed back by the data layer, which refuses anything that is not a key of the model.
 */
export type AdminKey = string

/** Filters from a list page's query string: field name → the string typed. */
export type AdminFilters = Readonly<Record<string, string>>

export interface AdminListQuery {
  readonly filters?: AdminFilters
  /** Text search over `searchFields`. */
  readonly search?: string
  readonly sort?: { readonly field: string; readonly direction: 'asc' | 'desc' }
  /** Opaque keyset cursor from a previous page's `next` / `previous`. */
  readonly cursor?: string
  /** Rows per page (default 50, at most 500). */
  readonly limit?: number
}

export interface AdminListPage {
  readonly rows: readonly { readonly key: AdminKey; readonly label: string; readonly row: AdminRow }[]
  readonly next?: string
  readonly previous?: string
  /** Exact count when cheap, else an estimate flagged as such, else absent. */
  readonly total?: { readonly count: number; readonly estimate: boolean }
  /** The order applied (the primary key when the query named none). */
  readonly sort?: { readonly field: string; readonly direction: 'asc' | 'desc' }
  /**
   * Filters whose value cannot be read for their field (`abc` for a number): field → message.
   * The page is then empty: no filter is silently dropped.
   */
  readonly errors?: Readonly<Record<string, string>>
}

/** Field errors keyed by attribute name, plus an error not tied to one field. */
export interface AdminFormErrors {
  readonly fields: Readonly<Record<string, string>>
  readonly form?: string
}

export type AdminWriteResult =
  | { readonly ok: true; readonly key: AdminKey }
  | { readonly ok: false; readonly errors: AdminFormErrors }

export interface AdminRelatedRows {
  readonly relation: AdminRelation
  /** The other model's rows linked to this one (first page). */
  readonly rows: readonly { readonly key: AdminKey; readonly label: string }[]
  /** The filter that lists them all on the other model's list page. */
  readonly filters: AdminFilters
  /**
   * `incoming`: rows of `relation.fromModel` pointing at this row (the list page of
   * `fromModel` with `filters` shows them all); `outgoing`: the row this one points at
   * (in `relation.toModel`, at most one).
   */
  readonly direction?: 'incoming' | 'outgoing'
  /** More rows than `rows` holds. */
  readonly more?: boolean
}

/**
 * A form's posted values: field name → string (absent for an unchecked box or an untouched field).
 * A non-nullable boolean absent is `false` (an unchecked box); a nullable boolean is a choice of
 * `true` / `false` / `''` (null). Elsewhere absent leaves the column as it is (update) or to its
 * default (create), and `''` is null for a nullable field, the default on create, else an error.
 */
export type AdminFormValues = Readonly<Record<string, string | undefined>>

/**
 * What the web layer calls. One per mounted admin, built from `db.models` and the options.
 * Unknown model or field names are refused with `AdminNotFoundError` / field errors, never
 * reach SQL.
 */
export interface AdminData {
  readonly models: readonly AdminModel[]
  model(name: string): AdminModel | undefined
  list(model: string, query: AdminListQuery): Promise<AdminListPage>
  get(model: string, key: AdminKey): Promise<{ readonly key: AdminKey; readonly label: string; readonly row: AdminRow } | undefined>
  related(model: string, key: AdminKey): Promise<readonly AdminRelatedRows[]>
  create(model: string, values: AdminFormValues): Promise<AdminWriteResult>
  update(model: string, key: AdminKey, values: AdminFormValues): Promise<AdminWriteResult>
  delete(model: string, keys: readonly AdminKey[]): Promise<{ readonly ok: true; readonly deleted: number } | { readonly ok: false; readonly errors: AdminFormErrors }>
  /**
   * Foreign-key picker: rows of `model` matching `search` (its search fields, or its key), as
   * key and label. With `field` (the referenced field, `references.field`), each choice also
   * has `value`: what the foreign key stores, as a form posts it (the key itself when the
   * foreign key points at a one-column primary key).
   */
  choices(
    model: string,
    search: string,
    limit?: number,
    field?: string,
  ): Promise<readonly { readonly key: AdminKey; readonly label: string; readonly value?: string }[]>
}
