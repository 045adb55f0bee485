import { openServer } from './backends.js'
const b = await openServer()
const { rows } = await b.raw.query<{ indexdef: string }>("select indexdef from pg_indexes where tablename like 'bench_%' order by 1")
console.log(rows.map((r) => r.indexdef))
const cols = await b.raw.query<Record<string, unknown>>("select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns where table_name like 'bench_%' order by table_name, ordinal_position")
console.table(cols.rows)
const fks = await b.raw.query<Record<string, unknown>>("select conname, pg_get_constraintdef(oid) from pg_constraint where conrelid::regclass::text like 'bench_%'")
console.table(fks.rows)
await b.close()
