import { describe, expect, it } from 'vitest'
import { StatementCache } from '../../src/dialect/statement-cache.js'

describe('StatementCache', () => {
  it('answers a hit with the same name and evicts the least recently used when full', () => {
    const cache = new StatementCache(2)
    const a = cache.take('SELECT 1')
    const b = cache.take('SELECT 2')
    expect(a.evicted).toBeUndefined()
    expect(b.name).not.toBe(a.name)
    // A hit refreshes "SELECT 1": "SELECT 2" is now the oldest.
    expect(cache.take('SELECT 1')).toEqual({ name: a.name, evicted: undefined })
    const c = cache.take('SELECT 3')
    expect(c.evicted).toBe(b.name)
    expect(cache.size).toBe(2)
    // "SELECT 2" comes back under a new name, evicting "SELECT 1" (older than "SELECT 3").
    const again = cache.take('SELECT 2')
    expect(again.name).not.toBe(b.name)
    expect(again.evicted).toBe(a.name)
    expect(cache.take('SELECT 3')).toEqual({ name: c.name, evicted: undefined })
  })

  it('forgets a stale statement only under its own name, and clears everything', () => {
    const cache = new StatementCache(4)
    const a = cache.take('SELECT 1')
    cache.drop('SELECT 1', 'gino_other')
    expect(cache.take('SELECT 1').name).toBe(a.name)
    cache.drop('SELECT 1', a.name)
    const renamed = cache.take('SELECT 1')
    expect(renamed.name).not.toBe(a.name)
    const b = cache.take('SELECT 2')
    expect(cache.clear().sort()).toEqual([renamed.name, b.name].sort())
    expect(cache.size).toBe(0)
  })

  it('never hands out the same name twice, across caches', () => {
    const one = new StatementCache(1)
    const two = new StatementCache(1)
    const names = new Set<string>()
    for (let i = 0; i < 50; i++) {
      names.add(one.take(`SELECT ${i}`).name)
      names.add(two.take(`SELECT ${i}`).name)
    }
    expect(names.size).toBe(100)
  })
})
