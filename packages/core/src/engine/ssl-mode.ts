import { InvalidOptionError } from '../errors.js'

/**
 * A TLS setting passed to `pg` as is: `false` (plain text), `true` (TLS verified against
 * the system CAs), or options such as `{ ca, rejectUnauthorized }`.
 */
export type SslOption =
  | boolean
  | {
      ca?: string | Buffer | Array<string | Buffer>
      cert?: string | Buffer
      key?: string | Buffer
      rejectUnauthorized?: boolean
      servername?: string
      /** Return an error to refuse the server's certificate; `() => undefined` skips the host name check. */
      checkServerIdentity?: (host: string, cert: unknown) => Error | undefined
    }

/** Every `sslmode` word libpq knows, plus `no-verify` (node-postgres' own). */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'] as const

/** One of `SSL_MODES`. */
export type SslMode = (typeof SSL_MODES)[number]

/** PEM material named by `sslrootcert`, `sslcert` and `sslkey`. */
export interface SslFiles {
  readonly ca?: string | Buffer | undefined
  readonly cert?: string | Buffer | undefined
  readonly key?: string | Buffer | undefined
}

/** True when `mode` is one of `SSL_MODES`. */
export function isSslMode(mode: unknown): mode is SslMode {
  return typeof mode === 'string' && (SSL_MODES as readonly string[]).includes(mode)
}

const skipHostCheck = (): undefined => undefined

/**
 * Maps an `sslmode` word to the engine's `ssl` option, following libpq:
 *
 * - `disable`: plain text;
 * - `allow`, `prefer`, `no-verify`: TLS without verifying the certificate (in a URL,
 *   `prefer` and `allow` fall back to plain text when the server has no TLS, as in libpq;
 *   as an `ssl` option, which is TLS or nothing, they do not);
 * - `require`: TLS without verification; with a root certificate (`files.ca`) the chain is
 *   verified, as libpq does when `sslrootcert` is given;
 * - `verify-ca`: the chain is verified, not the host name (against `files.ca`, else the
 *   system CAs);
 * - `verify-full`: chain and host name are verified.
 *
 * The integration reads `DB_SSL` with it, so any word valid in a URL is valid there too.
 *
 * @example
 * ```ts
 * const engine = await createEngine(process.env.DATABASE_URL!, { ssl: sslFromMode('no-verify') })
 * sslFromMode('require', { ca: readFileSync('root.crt') }) // { rejectUnauthorized: true, ca, checkServerIdentity }
 * ```
 * @throws InvalidOptionError (option `sslmode`) for a word that is not an sslmode.
 */
export function sslFromMode(mode: string, files: SslFiles = {}): SslOption {
  if (!isSslMode(mode)) {
    throw new InvalidOptionError(
      'sslmode',
      `Invalid sslmode ${JSON.stringify(mode)}; valid: ${SSL_MODES.join(', ')}.`,
    )
  }
  if (mode === 'disable') return false
  const material = {
    ...(files.ca === undefined ? {} : { ca: files.ca }),
    ...(files.cert === undefined ? {} : { cert: files.cert }),
    ...(files.key === undefined ? {} : { key: files.key }),
  }
  const verifyChain = mode === 'verify-ca' || mode === 'verify-full' || (mode === 'require' && files.ca !== undefined)
  if (!verifyChain) return { ...material, rejectUnauthorized: false }
  if (mode === 'verify-full') return { ...material, rejectUnauthorized: true }
  return { ...material, rejectUnauthorized: true, checkServerIdentity: skipHostCheck }
}
