import { PGlite } from '@electric-sql/pglite'
let t=Date.now(); const a = await PGlite.create(); await a.query('select 1'); console.log('fresh', Date.now()-t)
const blob = await a.dumpDataDir('gzip'); 
t=Date.now(); const b = await PGlite.create({loadDataDir: blob}); await b.query('select 1'); console.log('template', Date.now()-t)
t=Date.now(); const c = await PGlite.create({loadDataDir: blob}); await c.query('select 1'); console.log('template2', Date.now()-t)
t=Date.now(); const d = await PGlite.create(); await d.query('select 1'); console.log('fresh2', Date.now()-t)
