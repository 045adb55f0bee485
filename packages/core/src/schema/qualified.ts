/** `schema.table` when there is a schema: the form Kysely's schema builder parses. */
export function qualify(schema: string | undefined, name: string): string {
  return schema === undefined ? name : `${schema}.${name}`
}
