import type { SqlBool } from 'kysely'
import { NoSuchRowError, sql } from '@gino-ts/core'
import type { ModelInfo } from './describe-models.js'
import { AdminInputError, AdminNotFoundError } from './errors.js'
import { parseForm } from './form-values.js'
import { encodeKey, keyObject, parseKey } from './keys.js'
import {
  database,
  type InstanceLike,
  type LooseSelect,
  statics,
  visibleRow,
} from './model-access.js'
import type { AdminFormErrors, AdminFormValues, AdminKey, AdminWriteResult } from './types.js'
import { writeErrors } from './write-errors.js'

const MAX_DELETE = 1000

function refused(errors: AdminFormErrors): AdminWriteResult {
  return { ok: false, errors }
}

/** Inserts a row from a posted form through `Model.create` (JS defaults and model behaviour apply). */
export async function createRow(
  info: ModelInfo,
  posted: AdminFormValues,
): Promise<AdminWriteResult> {
  const { values, errors } = parseForm(info, posted, 'create')
  if (Object.keys(errors).length > 0) return refused({ fields: errors })
  return written(info, values, () => statics(info).create(values))
}

/** Loads the row and applies the posted changes through `instance.update(...).apply()`, in one transaction. */
export async function updateRow(
  info: ModelInfo,
  key: AdminKey,
  posted: AdminFormValues,
): Promise<AdminWriteResult> {
  const ident = keyObject(info, parseKey(info, key))
  const { values, errors } = parseForm(info, posted, 'update')
  if (Object.keys(errors).length > 0) return refused({ fields: errors })
  return written(info, values, () =>
    database(info).transaction(async () => {
      const found = (await statics(info).get(ident)) as InstanceLike | null
      if (found === null) throw new AdminNotFoundError(`No ${info.admin.label} row has this key.`)
      await found.update(values).apply()
      return found
    }),
  )
}

/**
 * Runs a write and answers with the written row's key, or with the database's refusal
 * mapped to the fields it concerns (other errors are thrown).
 */
async function written(
  info: ModelInfo,
  values: Record<string, unknown>,
  write: () => Promise<unknown>,
): Promise<AdminWriteResult> {
  try {
    const instance = await write()
    return { ok: true, key: encodeKey(info, visibleRow(info, instance)) }
  } catch (error) {
    // Deleted between the read and the write.
    if (error instanceof NoSuchRowError)
      throw new AdminNotFoundError(`No ${info.admin.label} row has this key.`)
    const mapped = writeErrors(info, error, values)
    if (mapped === undefined) throw error
    return refused(mapped)
  }
}

/**
 * Deletes the rows of `keys` with one `Model.delete` statement in a transaction; every key is
 * parsed first (`AdminNotFoundError` for one that is not a key of the model). A foreign key
 * still pointing at a row refuses the whole delete with a form error.
 */
export async function deleteRows(
  info: ModelInfo,
  keys: readonly AdminKey[],
): Promise<
  | { readonly ok: true; readonly deleted: number }
  | { readonly ok: false; readonly errors: AdminFormErrors }
> {
  if (!Array.isArray(keys)) throw new AdminInputError('Give the keys of the rows to delete.')
  if (keys.length > MAX_DELETE)
    throw new AdminInputError(`Delete at most ${MAX_DELETE} rows at once.`)
  const unique = [...new Set<AdminKey>(keys)]
  const parsed = unique.map((key) => parseKey(info, key))
  if (parsed.length === 0) return { ok: true, deleted: 0 }
  const refs = sql.join(info.key.map(({ column }) => sql.ref(column!.name)))
  const tuples = sql.join(
    parsed.map((values) => sql`(${sql.join(values.map((value) => sql`${value}`))})`),
  )
  const statement = (statics(info).delete as LooseSelect).where(
    sql<SqlBool>`(${refs}) IN (${tuples})`,
  )
  try {
    const status = await database(info).transaction(() => database(info).status(statement))
    return { ok: true, deleted: status.rowCount ?? 0 }
  } catch (error) {
    const mapped = writeErrors(info, error, {})
    if (mapped === undefined) throw error
    return { ok: false, errors: mapped }
  }
}
