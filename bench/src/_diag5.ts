import { PGlite } from '@electric-sql/pglite'
const lite = await PGlite.create()
console.log(await lite.query('BEGIN'))
console.log(await lite.exec('COMMIT'))
console.log(await lite.exec('SAVEPOINT x'))
await lite.exec('BEGIN'); console.log(await lite.exec('SAVEPOINT x')); console.log(await lite.exec('RELEASE SAVEPOINT x')); await lite.exec('ROLLBACK')
console.log(await lite.query('SELECT 1 AS a'))
await lite.close()
