/** `YYYYMMDDHHMMSS` in UTC. */
function stamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14)
}

const STAMP = /^(\d{14})_/

/**
 * A new migration's file name, `<UTC timestamp>_<slug>.ts`, always sorting after the
 * existing ones (the timestamp is bumped by a second when needed).
 *
 * @example
 * ```ts
 * migrationFileName('Add users', ['20260101000000_init.ts']) // '20261201013000_add_users.ts'
 * ```
 */
export function migrationFileName(
  name: string,
  existing: readonly string[],
  now: Date = new Date(),
): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60)
  let when = now
  const last = existing
    .map((file) => STAMP.exec(file)?.[1])
    .filter((value): value is string => value !== undefined)
    .sort()
    .at(-1)
  if (last !== undefined && stamp(when) <= last) {
    const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) =>
      Number(last.slice(at, i === 0 ? 4 : at + 2)),
    ) as [number, number, number, number, number, number]
    when = new Date(Date.UTC(y, mo - 1, d, h, mi, s + 1))
  }
  return `${stamp(when)}_${slug === '' ? 'migration' : slug}.ts`
}
