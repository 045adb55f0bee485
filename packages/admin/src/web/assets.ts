import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { AdminResponse } from './request.js'

/** One file of the package's `assets/` folder, served by the admin itself. */
export interface Asset {
  readonly name: string
  /** Content hash: part of the URL, so it may be cached for a year. */
  readonly version: string
  readonly type: string
  readonly body: Uint8Array
}

const TYPES: Record<string, string> = {
  'admin.css': 'text/css; charset=utf-8',
  'admin.js': 'text/javascript; charset=utf-8',
}

/** Reads the shipped assets once (from `assets/` beside `src/` or `dist/`). */
export function loadAssets(): ReadonlyMap<string, Asset> {
  const folder = new URL('../../assets/', import.meta.url)
  const assets = new Map<string, Asset>()
  for (const [name, type] of Object.entries(TYPES)) {
    const body = readFileSync(new URL(name, folder))
    const version = createHash('sha256').update(body).digest('hex').slice(0, 12)
    assets.set(name, { name, version, type, body })
  }
  return assets
}

/** The answer for an asset: long-cached when the URL names its current version. */
export function assetResponse(asset: Asset, version: string | undefined): AdminResponse {
  return {
    status: 200,
    headers: {
      'content-type': asset.type,
      'x-content-type-options': 'nosniff',
      'cache-control': version === asset.version ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
    body: asset.body,
  }
}
