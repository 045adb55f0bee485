import { afterEach, describe, expect, it, vi } from 'vitest'
import { instanceBuilder, instanceDecoder } from '../../src/model/instance-builder.js'

describe('instanceBuilder()', () => {
  class Row {}

  it('gives the same compiled builder for the same prototype and layout, so it warms up across executions', () => {
    const a = instanceBuilder(Row.prototype, ['id', 'name'], [0, 1], [])
    const b = instanceBuilder(Row.prototype, ['id', 'name'], [0, 1], [])
    expect(b).toBe(a)
    const built = b([7, 'x'])
    expect(built).toBeInstanceOf(Row)
    expect({ ...built }).toEqual({ id: 7, name: 'x' })
  })

  it('another layout or prototype gets its own builder', () => {
    const a = instanceBuilder(Row.prototype, ['id', 'name'], [0, 1], [])
    expect(instanceBuilder(Row.prototype, ['id', 'name'], [1, 0], [])).not.toBe(a)
    expect(instanceBuilder(Row.prototype, ['id', 'name'], [0, 1], ['posts'])).not.toBe(a)
    class Other {}
    expect(instanceBuilder(Other.prototype, ['id', 'name'], [0, 1], [])).not.toBe(a)
    expect({ ...instanceBuilder(Row.prototype, ['id', 'name'], [1, 0], [])([7, 'x']) }).toEqual({
      id: 'x',
      name: 7,
    })
  })
})

describe('instanceDecoder()', () => {
  class Row {}
  const parsers = [(text: string) => Number(text), (text: string) => text.toUpperCase()]

  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('parses each attribute from its field text, keeps NULL as null and starts lists empty', () => {
    const decode = instanceDecoder(Row.prototype, ['name', 'id'], [1, 0], ['posts'])
    expect(instanceDecoder(Row.prototype, ['name', 'id'], [1, 0], ['posts'])).toBe(decode)
    const made = decode(['7', 'ann'], parsers)
    expect(made).toBeInstanceOf(Row)
    expect({ ...made }).toEqual({ name: 'ANN', id: 7, posts: [] })
    expect({ ...decode(['8', null], parsers) }).toEqual({ name: null, id: 8, posts: [] })
  })

  it('where code generation is disabled, builders and decoders fall back to loops with the same results', () => {
    let refused = 0
    vi.stubGlobal('Function', function refuse() {
      refused++
      throw new EvalError('Code generation from strings disallowed for this context')
    })
    class Fresh {}
    const build = instanceBuilder(Fresh.prototype, ['id', 'name'], [0, 1], ['posts'])
    const decode = instanceDecoder(Fresh.prototype, ['name', 'id'], [1, 0], ['posts'])
    expect(build([7, 'x'])).toBeInstanceOf(Fresh)
    expect({ ...build([7, 'x']) }).toEqual({ id: 7, name: 'x', posts: [] })
    expect({ ...decode(['7', null], parsers) }).toEqual({ name: null, id: 7, posts: [] })
    expect(refused).toBe(2)
  })
})
