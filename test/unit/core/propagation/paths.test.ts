import { describe, expect, it } from '@jest/globals';
import { getPath, withoutPaths, withPath } from '../../../../src/core/propagation/paths.js';

const object = { spec: { replicas: 3, template: { image: 'x' } }, name: 'web' };

describe('getPath', () => {
  it.each<[string[], unknown]>([
    [['spec', 'replicas'], 3],
    [['spec', 'template'], { image: 'x' }],
    [[], object],
    [['spec', 'missing', 'deeper'], undefined],
    [['name', 'length'], undefined],
  ])('reads %j', (path, expected) => {
    expect(getPath(object, path)).toEqual(expected);
  });

  it('reads nothing from null', () => {
    expect(getPath(null, ['a'])).toBeUndefined();
  });
});

describe('withoutPaths', () => {
  it('removes nested fields from a copy and leaves the input alone', () => {
    const input = structuredClone(object);
    const result = withoutPaths(input, [['spec', 'replicas'], ['name']]);
    expect(result).toEqual({ spec: { template: { image: 'x' } } });
    expect(input).toEqual(object);
  });

  it('changes nothing when a path is absent', () => {
    expect(withoutPaths(object, [['spec', 'nope'], ['status', 'x'], ['name', 'length']])).toEqual(object);
  });

  it('keeps the parent of a removed field, even when it becomes empty', () => {
    expect(withoutPaths({ spec: { replicas: 1 } }, [['spec', 'replicas']])).toEqual({ spec: {} });
  });
});

describe('withPath', () => {
  it('sets a nested field on a copy', () => {
    const input = structuredClone(object);
    expect(withPath(input, ['spec', 'replicas'], 7)).toEqual({ ...object, spec: { ...object.spec, replicas: 7 } });
    expect(input).toEqual(object);
  });

  it('creates missing parents and replaces scalar ones', () => {
    expect(withPath({}, ['spec', 'replicas'], 1)).toEqual({ spec: { replicas: 1 } });
    expect(withPath({ spec: 'x' }, ['spec', 'replicas'], 1)).toEqual({ spec: { replicas: 1 } });
  });
});
