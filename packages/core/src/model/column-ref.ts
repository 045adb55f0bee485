/** A column of a model, for foreign keys and qualified references (`String(User.columns.id)` is `users.id`). */
export interface ColumnRef {
  readonly table: string
  readonly schema: string | undefined
  readonly column: string
  readonly attribute: string
  toString(): string
}
