import { describe, expect, test } from '@jest/globals';
import { trimObject } from '../../../src/informers/trim.js';
import type { KubeObject } from '../../../src/core/objects.js';
import { contentDigestsField } from '../../../src/core/propagation/content-digest.js';

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

  test('gives equal labels one frozen map, whatever object or member copy they come from', () => {
    const first = trimObject(object({ name: 'x', labels: { app: 'web', tier: 'front' } }));
    const second = trimObject(object({ name: 'y', labels: JSON.parse('{"app":"web","tier":"front"}') as Record<string, string> }));
    expect(second.metadata.labels).toBe(first.metadata.labels);
    expect(Object.isFrozen(first.metadata.labels)).toBe(true);
    expect(trimObject(object({ name: 'z', labels: { app: 'web' } })).metadata.labels).not.toBe(first.metadata.labels);
  });

  test("keeps a member copy's value digests as they are", () => {
    const digested = { ...object({ name: 'x' }), [contentDigestsField]: { data: { a: 'digest-a', b: 'digest-b' } } };
    expect(trimObject(digested)[contentDigestsField]).toEqual({ data: { a: 'digest-a', b: 'digest-b' } });
  });
});
