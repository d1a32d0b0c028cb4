import { describe, expect, test } from '@jest/globals';
import { trimObject } from '../../../src/informers/trim.js';
import type { KubeObject } from '../../../src/core/objects.js';

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

const object = (metadata: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { a: '1' } });

describe('trimObject', () => {
  test.each([
    ['drops managedFields', { name: 'x', managedFields: [{ manager: 'kubectl' }] }, [], { name: 'x' }],
    ['drops the last-applied annotation, keeps the others', { name: 'x', annotations: { [lastApplied]: '{}', keep: 'yes' } }, [], { name: 'x', annotations: { keep: 'yes' } }],
    ['drops fields named in omit', { name: 'x', creationTimestamp: '2026-11-25T00:00:00Z', ownerReferences: [] }, ['creationTimestamp', 'ownerReferences'], { name: 'x' }],
    ['keeps an object with nothing to drop as it is', { name: 'x', labels: { a: 'b' } }, [], { name: 'x', labels: { a: 'b' } }],
  ])('%s', (_case, metadata, omit, expected) => {
    const trimmed = trimObject(object(metadata), omit);
    expect(trimmed.metadata).toEqual(expected);
    expect((trimmed as { data?: unknown }).data).toEqual({ a: '1' });
  });

  test('leaves the object it was given untouched', () => {
    const original = object({ name: 'x', managedFields: [{}], annotations: { [lastApplied]: '{}' } });
    const before = structuredClone(original);
    trimObject(original, ['name']);
    expect(original).toEqual(before);
  });
});
