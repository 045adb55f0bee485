import { describe, expect, it } from 'vitest'
import { instanceBuilder } from '../../src/model/instance-builder.js'

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
