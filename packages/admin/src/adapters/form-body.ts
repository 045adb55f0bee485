import type { IncomingMessage } from 'node:http'
import type { AdminFields } from '../web/request.js'

/** A body over the admin's size limit. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError'
  readonly status = 413
}

/** Fields of an `application/x-www-form-urlencoded` body (repeated names become arrays). */
export function parseForm(text: string): AdminFields {
  const fields: Record<string, string | string[]> = {}
  for (const [name, value] of new URLSearchParams(text)) {
    const previous = fields[name]
    if (previous === undefined) fields[name] = value
    else if (typeof previous === 'string') fields[name] = [previous, value]
    else previous.push(value)
  }
  return fields
}

/** A body another middleware already parsed (a form or a JSON object), as strings. */
export function toFields(body: unknown): AdminFields | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined
  const fields: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') fields[name] = value
    else if (typeof value === 'number' || typeof value === 'boolean') fields[name] = String(value)
    else if (Array.isArray(value)) fields[name] = value.filter((item): item is string => typeof item === 'string')
    else if (value !== null && value !== undefined) fields[name] = JSON.stringify(value)
  }
  return fields
}

/** Reads a form or JSON body from the request stream, refusing more than `limit` bytes. */
export async function readBody(request: IncomingMessage, limit: number): Promise<AdminFields | undefined> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded' && type !== 'application/json') {
    request.resume()
    return undefined
  }
  const declared = Number(request.headers['content-length'] ?? 0)
  if (declared > limit) {
    request.resume()
    throw new BodyTooLargeError('request body too large')
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > limit) {
      request.resume()
      throw new BodyTooLargeError('request body too large')
    }
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (type === 'application/x-www-form-urlencoded') return parseForm(text)
  try {
    return toFields(JSON.parse(text))
  } catch {
    return undefined
  }
}

/** The query string of a URL as fields. */
export function queryFields(url: string): AdminFields {
  const at = url.indexOf('?')
  return at < 0 ? {} : parseForm(url.slice(at + 1))
}

/** The path of a URL below the prefix (`/` for the prefix itself), or undefined outside it. */
export function pathBelow(url: string, prefix: string): string | undefined {
  const path = url.split('?')[0]!
  if (prefix === '') return path
  if (path === prefix) return '/'
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : undefined
}

/** Plain text answer for a refused body. */
export const TOO_LARGE = { status: 413, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Request body too large' } as const
