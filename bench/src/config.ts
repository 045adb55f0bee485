/** Settings of one benchmark run; every side gets the same. */
export const SERVER_DSN = process.env.GINO_BENCH_DSN ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Connections per pool, for gino-ts and for raw `pg` alike. */
export const POOL_SIZE = 8
/** Callers of the concurrent workload. */
export const CONCURRENT_CALLERS = 16

/**
 * Measured rounds per side; the reported figure is the median. Many short rounds, the
 * sides taking turns, keep a burst of load from elsewhere on the machine from landing on
 * one side only.
 */
export const ROUNDS = 10
/**
 * Wall time of one round of one side: light workloads, and those of 10,000 rows. Long
 * enough that what each round starts with (workload 7's DELETE of the previous round's
 * rows, the server's caches turning to the side's connections) is a small part of it.
 */
export const LIGHT_MS = 500
export const HEAVY_MS = 700

/** Rows seeded into bench_users; workload 4 reads them all. */
export const USER_COUNT = 10_000
/** Users that have posts, and posts per such user. */
export const USERS_WITH_POSTS = 500
export const POSTS_PER_USER = 10

/** Rows per bulk insert, and rows per INSERT statement. */
export const BULK_ROWS = 10_000
export const BULK_CHUNK = 1_000

/**
 * The growth check: an operation on GROWTH_LARGE rows should cost at most 11 times the
 * same on GROWTH_SMALL (ten times the rows), median of GROWTH_ROUNDS samples each (a
 * small sample is the mean of ten runs).
 */
export const GROWTH_SMALL = 10_000
export const GROWTH_LARGE = 100_000
export const GROWTH_ROUNDS = 5

/** Users per page of workload 3 and per nested load of workload 5. */
export const PAGE_SIZE = 100
export const NESTED_USERS = 50

/**
 * Unmeasured run of each side of every workload before the first measured round: long
 * enough for the JIT to finish with every side (gino-ts has more code to optimize; with
 * 400 ms its per-operation CPU was still falling through the measured rounds).
 */
export const WARM_UP_MS = 1500
