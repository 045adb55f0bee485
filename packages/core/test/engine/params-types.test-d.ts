import { describe, expectTypeOf, test } from 'vitest'
import { column, Gino, type ParamNames, text, type TextClause } from '../../src/index.js'
import { firstOr404 } from '../../src/integration/index.js'

const db = new Gino()
declare const engine: Gino
declare const dynamicSql: string
class User extends db.model('users', { id: column.serial().primaryKey(), name: column.text() }) {}

describe('named parameters are checked at compile time for literal SQL', () => {
  test('ParamNames follows the runtime parser', () => {
    expectTypeOf<ParamNames<'SELECT * FROM t WHERE id = :id AND name = :name'>>().toEqualTypeOf<'id' | 'name'>()
    expectTypeOf<ParamNames<'SELECT :value::int + 1, 1::int, :a, :a'>>().toEqualTypeOf<'value' | 'a'>()
    expectTypeOf<ParamNames<'SELECT 1'>>().toEqualTypeOf<never>()
    expectTypeOf<
      ParamNames<`SELECT ':no' AS "col:x", 'it''s :no', $$ :no $$, $tag$ :no $tag$, $1, :real_2 -- :no
      /* :no */`>
    >().toEqualTypeOf<'real_2'>()
    // E'...' strings (backslash escapes) and non-literal SQL: unknown, checked at run time.
    expectTypeOf<ParamNames<"SELECT E'\\':x', :y">>().toEqualTypeOf<string>()
    expectTypeOf<ParamNames<string>>().toEqualTypeOf<string>()
  })

  test('very long SQL (more than 200 quotes, comments and colons) falls back to loose, not to a compile error', () => {
    expectTypeOf<
      ParamNames<'SELECT :a, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int, 1::int'>
    >().toEqualTypeOf<string>()
  })

  test('text() and db.text() carry the names', async () => {
    const byId = text('SELECT * FROM users WHERE id = :id')
    expectTypeOf(byId).toEqualTypeOf<TextClause<Record<string, unknown>, 'id'>>()
    await db.all(byId, { id: 1 })
    // @ts-expect-error misspelt name
    await db.all(byId, { idd: 1 })
    // @ts-expect-error missing name
    await db.all(byId, {})
    // @ts-expect-error missing parameters
    await db.all(byId)
    await db.first(db.text('SELECT * FROM users WHERE id = :id').withLoader(User), { id: 1 })
    // @ts-expect-error withLoader keeps the names
    await db.first(db.text('SELECT * FROM users WHERE id = :id').withLoader(User), { di: 1 })
  })

  test('SQL strings passed to db.all / first / one / scalar / iterate / compile / firstOr404 are checked too', async () => {
    await db.all('SELECT * FROM users WHERE id = :id', { id: 1 })
    // @ts-expect-error misspelt name
    await db.all('SELECT * FROM users WHERE id = :id', { idd: 1 })
    // @ts-expect-error missing name
    await db.first('SELECT * FROM users WHERE id = :id AND name = :name', { id: 1 })
    // @ts-expect-error missing parameters
    await db.one('SELECT * FROM users WHERE id = :id')
    // @ts-expect-error misspelt name
    await db.scalar('SELECT :a::int', { b: 1 })
    // @ts-expect-error misspelt name
    db.compile('SELECT :a::int', { b: 1 })
    // @ts-expect-error misspelt name
    await firstOr404('SELECT * FROM users WHERE id = :id', { ID: 1 })
    // Positional values for $n SQL, no parameters at all.
    await db.scalar('SELECT $1::int * $2::int', [6, 7])
    await db.scalar('SELECT 1')
  })

  test('text<Row>(sql) is loose; text(sql).returns<Row>() keeps the names', async () => {
    const loose = text<{ answer: number }>('SELECT :value::int + 1 AS answer')
    expectTypeOf(await db.first(loose, { anything: 1 })).toEqualTypeOf<{ answer: number } | null>()
    const typed = text('SELECT :value::int + 1 AS answer').returns<{ answer: number }>()
    expectTypeOf(await db.first(typed, { value: 41 })).toEqualTypeOf<{ answer: number } | null>()
    // @ts-expect-error misspelt name
    await db.first(typed, { valeu: 41 })
  })

  test('non-literal SQL stays loosely typed', async () => {
    await db.all(dynamicSql, { whatever: 1 })
    await db.all(text(dynamicSql), { whatever: 1 })
    await db.all(dynamicSql, [1, 2])
  })
})

describe('parameters and options cannot be confused', () => {
  test('options go third for SQL text, second for everything else', async () => {
    // @ts-expect-error for SQL text, the second argument is the parameters
    await db.scalar('SELECT 1', { bind: engine })
    // @ts-expect-error the same with parameters whose names are unknown
    await db.scalar(dynamicSql, { bind: engine })
    // @ts-expect-error and with timeout
    await db.all(dynamicSql, { timeout: 100 })
    // @ts-expect-error and with a loader
    await db.all(text(dynamicSql), { loader: User })
    await db.scalar('SELECT 1', {}, { bind: engine })
    await db.scalar('SELECT 1', undefined, { bind: engine, timeout: 100 })
    await db.scalar(dynamicSql, {}, { bind: engine })
    await db.scalar(db.kysely.selectNoFrom((eb) => eb.val(1).as('one')), { bind: engine })
    // @ts-expect-error a builder takes options second, no parameters
    await db.all(User.selectAll(), { id: 1 }, { bind: engine })
  })
})

describe('executemany: status and all take a list of parameter objects for :named SQL', () => {
  test('each object is checked like a single one', async () => {
    const insert = 'INSERT INTO users (id, name) VALUES (:id, :name)'
    await db.status(insert, [{ id: 1, name: 'a' }, { id: 2, name: 'b' }])
    await db.all(text('SELECT * FROM users WHERE id = :id'), [{ id: 1 }, { id: 2 }])
    // @ts-expect-error misspelt name in one of the sets
    await db.status(insert, [{ id: 1, name: 'a' }, { id: 2, nom: 'b' }])
    // @ts-expect-error a list is for status and all only
    await db.first(insert, [{ id: 1, name: 'a' }])
  })
})
