import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import * as prettier from 'prettier'
import { CONCURRENT_CALLERS, GROWTH_LARGE, GROWTH_ROUNDS, GROWTH_SMALL, POOL_SIZE, ROUNDS, WARM_UP_MS } from './config.js'
import type { Growth } from './growth.js'
import type { Measurement } from './harness.js'

/** The measurements of one backend. */
export interface Section {
  readonly label: string
  readonly version: string
  readonly measurements: readonly Measurement[]
  /** gino-ts on ten times the rows (empty when the run left it out). */
  readonly growth: readonly Growth[]
}

const require = createRequire(import.meta.url)

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version
  } catch {
    try {
      // Packages whose exports hide package.json: read it next to the resolved entry.
      const entry = require.resolve(name)
      const root = entry.slice(
        0,
        entry.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}/`.length,
      )
      return (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string })
        .version
    } catch {
      return '?'
    }
  }
}

function rate(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en')
  return value.toFixed(value >= 10 ? 1 : 2)
}

function cpu(micros: number): string {
  return micros >= 1000 ? `${(micros / 1000).toFixed(1)} ms` : `${Math.round(micros)} µs`
}

/** Geometric mean of the median ratios (gino/raw and prepared/raw). */
export function geomean(values: readonly number[]): number {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length)
}

function rows(section: Section): string[][] {
  const ms = section.measurements
  const body = ms.map((m) => [
    m.title,
    rate(m.gino),
    rate(m.raw),
    m.prepared === undefined ? '' : rate(m.prepared),
    m.ratio.toFixed(2),
    `${m.ratioMin.toFixed(2)}–${m.ratioMax.toFixed(2)}`,
    m.preparedRatio === undefined ? '' : m.preparedRatio.toFixed(2),
    m.preparedRatio === undefined ? '' : `${m.preparedRatioMin!.toFixed(2)}–${m.preparedRatioMax!.toFixed(2)}`,
    cpu(m.ginoCpu),
    cpu(m.rawCpu),
    m.note ?? '',
  ])
  const prepared = ms.flatMap((m) => (m.preparedRatio === undefined ? [] : [m.preparedRatio]))
  body.push([
    'geomean',
    '',
    '',
    '',
    geomean(ms.map((m) => m.ratio)).toFixed(2),
    '',
    prepared.length ? geomean(prepared).toFixed(2) : '',
    '',
    '',
    '',
    '',
  ])
  return body
}

const HEADER = [
  'Workload',
  'gino-ts ops/s',
  'raw ops/s',
  'prepared ops/s',
  'gino/raw',
  'rounds',
  'prepared/raw',
  'rounds ',
  'gino CPU/op',
  'raw CPU/op',
  'note',
]

/** A fixed-width table for the terminal. */
export function textTable(section: Section): string {
  const body = rows(section)
  const widths = HEADER.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)))
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (c > 0 && c < 10 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd()
  return [
    `${section.label} — ${section.version}`,
    line(HEADER),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
  ].join('\n')
}

function markdownTable(section: Section): string {
  const body = rows(section)
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|')
  return [
    `| ${HEADER.join(' | ')} |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...body.map((r) => `| ${r.map(escape).join(' | ')} |`),
  ].join('\n')
}

/** The growth check of one backend, as markdown lines (none when it did not run). */
function growthTable(section: Section): string[] {
  if (section.growth.length === 0) return []
  const small = GROWTH_SMALL.toLocaleString('en')
  const large = GROWTH_LARGE.toLocaleString('en')
  return [
    `Growth (wall time per operation, median of ${GROWTH_ROUNDS} samples; a ${small}-row sample is the mean of ${GROWTH_LARGE / GROWTH_SMALL} runs; target: ${large} rows cost gino-ts at most 11 times ${small}):`,
    '',
    `| operation | gino-ts ${small} | gino-ts ${large} | gino-ts ratio | raw ${small} | raw ${large} | raw ratio |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...section.growth.map((g) =>
      [
        g.title,
        `${g.gino.smallMs.toFixed(1)} ms`,
        `${g.gino.largeMs.toFixed(1)} ms`,
        `${g.gino.ratio.toFixed(1)}×`,
        `${g.raw.smallMs.toFixed(1)} ms`,
        `${g.raw.largeMs.toFixed(1)} ms`,
        `${g.raw.ratio.toFixed(1)}×`,
      ].join(' | '),
    ).map((line) => `| ${line} |`),
    '',
  ]
}

/** Node, CPU, OS and library versions, for the results file. */
export function machineFacts(loadAtStart: readonly number[]): string[] {
  const cpus = os.cpus()
  return [
    `Date: ${new Date().toISOString()}`,
    `Node.js ${process.version} on ${os.platform()} ${os.release()} (${os.arch()})`,
    `CPUs: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}; memory ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    `Load average (1 min) at the start ${loadAtStart[0]?.toFixed(1)}, at the end ${os.loadavg()[0]?.toFixed(1)}: other work on the machine competes with both sides`,
    `Libraries: pg ${packageVersion('pg')}, @electric-sql/pglite ${packageVersion('@electric-sql/pglite')}, kysely ${packageVersion('kysely')}`,
  ]
}

/** Writes results.md: facts, method, one table per backend, then the hand-written analysis. */
export async function writeResults(
  path: string,
  analysisPath: string,
  sections: readonly Section[],
  totalSeconds: number,
  loadAtStart: readonly number[],
): Promise<void> {
  const below = sections.flatMap((s) =>
    s.measurements
      .filter((m) => m.ratio < 1)
      .map((m) => `- ${s.label}: ${m.title} (${m.ratio.toFixed(2)})`),
  )
  const parts = [
    '# gino-ts benchmark results',
    '',
    'Written by `npm run bench` (bench/src/main.ts); do not edit by hand — the analysis at the end comes from bench/analysis.md.',
    '',
    ...machineFacts(loadAtStart).map((fact) => `- ${fact}`),
    ...sections.map((s) => `- ${s.label}: ${s.version}`),
    `- Whole run: ${totalSeconds.toFixed(0)} s`,
    '',
    '## Method',
    '',
    [
      'Each workload runs the same work through gino-ts, through the raw driver (`pool.query(text, values)`)',
      'and, on the server, through `pg` with named prepared statements (`{ name, text, values }`, one name per SQL text),',
      'on the same data.',
      `Every side of every workload first runs ${WARM_UP_MS} ms unmeasured (so the JIT has seen all paths);`,
      `then each workload has a warm-up round of each side and ${ROUNDS} rounds in which the sides take turns`,
      '(which side goes first rotates). A round runs the operation back to back for a fixed wall time and counts',
      'completed operations. "ops/s" are the medians of the rounds; "gino/raw" and "prepared/raw" are the medians',
      'of the per-round ratios to the raw side of the same round, "rounds" their spread; "geomean" is the geometric',
      'mean of the median ratios. "CPU/op" is the Node.js process\'s CPU time (user + system)',
      'per operation, median over rounds: what each side costs the client, and for PGlite also the database engine,',
      'which runs in-process. Garbage is collected once before each workload\'s warm-up round, not between rounds',
      '(after a full collection every side ran two to three times slower for hundreds of milliseconds while the heap',
      'grew back, which turned short rounds into measures of that regrowth). On the server a `CHECKPOINT` runs',
      'before each workload (untimed), so the disk writes of the bulk inserts before it do not land in its rounds.',
      `Server pools: ${POOL_SIZE} connections on both sides; the concurrent workload runs ${CONCURRENT_CALLERS} callers.`,
      'PGlite is a single connection on both sides (gino-ts on `pglite://`, raw on its own in-memory `PGlite`',
      'instance, seeded with the same rows).',
    ].join(' '),
    '',
    ...sections.flatMap((s) => [`## ${s.label}`, '', markdownTable(s), '', ...growthTable(s)]),
    '## Below raw in this run',
    '',
    ...(below.length ? below : ['- none']),
    '',
  ]
  if (existsSync(analysisPath)) parts.push(readFileSync(analysisPath, 'utf8').trim(), '')
  // Formatted as the repository's Prettier would, so `npm run format` leaves it alone.
  const config = (await prettier.resolveConfig(path)) ?? {}
  writeFileSync(path, await prettier.format(parts.join('\n'), { ...config, filepath: path }))
}
