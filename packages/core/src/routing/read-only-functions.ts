/**
 * Built-in PostgreSQL functions that only read: a statement calling nothing else may go to
 * a replica. Kept small on purpose; a function missing here sends its statements to the
 * primary, which is always correct. Add your own with the engine option
 * `readOnlyFunctions`. (A function of the same name created in a schema searched before
 * `pg_catalog` would shadow these; PostgreSQL searches `pg_catalog` first unless the
 * `search_path` names it later.)
 */
export const READ_ONLY_FUNCTIONS: ReadonlySet<string> = new Set([
  // aggregates
  'count', 'sum', 'min', 'max', 'avg', 'array_agg', 'string_agg', 'json_agg', 'jsonb_agg',
  'json_object_agg', 'jsonb_object_agg', 'bool_and', 'bool_or', 'every', 'stddev', 'variance',
  // conditionals and comparisons
  'coalesce', 'nullif', 'greatest', 'least',
  // text
  'lower', 'upper', 'length', 'char_length', 'trim', 'btrim', 'ltrim', 'rtrim', 'concat',
  'concat_ws', 'substring', 'substr', 'replace', 'position', 'left', 'right', 'split_part',
  'starts_with', 'format',
  // numbers
  'abs', 'round', 'floor', 'ceil', 'ceiling', 'trunc', 'mod', 'power', 'sqrt',
  // dates and times
  'now', 'date_trunc', 'date_part', 'extract', 'age', 'to_char', 'to_date', 'to_timestamp',
  'make_date', 'make_interval', 'statement_timestamp', 'transaction_timestamp', 'clock_timestamp',
  // arrays and JSON
  'array_length', 'cardinality', 'unnest', 'generate_series', 'array_to_string', 'to_json', 'to_jsonb',
  'row_to_json', 'json_build_object', 'jsonb_build_object', 'json_build_array', 'jsonb_build_array',
  'jsonb_array_elements', 'json_array_elements', 'jsonb_array_length', 'jsonb_typeof', 'jsonb_extract_path',
  'jsonb_extract_path_text', 'jsonb_set', 'jsonb_strip_nulls',
  // session and server facts
  'current_database', 'current_schema', 'current_setting', 'version', 'pg_is_in_recovery',
  'pg_last_xact_replay_timestamp',
])

/** A function name as the allow-list knows it: lower case, without a `pg_catalog.` prefix. */
export function functionKey(name: string): string {
  const lower = name.toLowerCase()
  return lower.startsWith('pg_catalog.') ? lower.slice('pg_catalog.'.length) : lower
}

/** True when a function of this name is on the allow-list or among the engine's `readOnlyFunctions`. */
export function isReadOnlyFunction(name: string, extra: ReadonlySet<string>): boolean {
  const key = functionKey(name)
  return READ_ONLY_FUNCTIONS.has(key) || extra.has(key)
}
