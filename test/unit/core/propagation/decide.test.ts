import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../../src/core/objects.js';
import { decideAction, type MemberAction } from '../../../../src/core/propagation/decide.js';
import { intentFor, type MemberIntent } from '../../../../src/core/propagation/render.js';
import { appliedHashAnnotation } from '../../../../src/core/well-known.js';
import { digestContent } from '../../../../src/core/propagation/content-digest.js';

const intent: MemberIntent = intentFor(
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 2, paused: false } },
  [['spec', 'replicas']],
);

/** member is a member copy as its cache shows it, carrying the given applied hash. */
function member(hash: string | undefined, spec: Record<string, unknown>, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      resourceVersion: '7',
      labels: { app: 'web', 'member-added': 'yes' },
      ...(hash === undefined ? {} : { annotations: { [appliedHashAnnotation]: hash, 'deployment.kubernetes.io/revision': '3' } }),
      ...extra,
    },
    spec,
  };
}

const deleting = { deletionTimestamp: '2024-01-01T00:00:00Z' };

describe('decideAction', () => {
  it.each<[string, MemberIntent | undefined, KubeObject | undefined, MemberAction]>([
    ['nothing wanted, nothing there', undefined, undefined, { kind: 'none' }],
    ['nothing wanted, a copy there', undefined, member(intent.hash, { replicas: 2 }), { kind: 'delete' }],
    ['nothing wanted, the copy already being deleted', undefined, member(intent.hash, {}, deleting), { kind: 'none' }],
    ['a copy wanted while the old one is being deleted', intent, member(intent.hash, { replicas: 2, paused: false }, deleting), { kind: 'wait', reason: 'the member object is being deleted' }],
    ['a copy wanted, none there', intent, undefined, { kind: 'create' }],
    ['the federated object changed', intent, member('old-hash', { replicas: 2, paused: false }), { kind: 'update', reason: 'changed' }],
    ['a copy without an applied hash', intent, member(undefined, { replicas: 2, paused: false }), { kind: 'update', reason: 'changed' }],
    ['someone edited a field kubefed set', intent, member(intent.hash, { replicas: 2, paused: true }), { kind: 'update', reason: 'drift' }],
    ['someone removed a label kubefed set', intent, { ...member(intent.hash, { paused: false }), metadata: { name: 'web', annotations: { [appliedHashAnnotation]: intent.hash } } }, { kind: 'update', reason: 'drift' }],
    ['in sync, with member-added fields', intent, member(intent.hash, { replicas: 2, paused: false, strategy: { type: 'RollingUpdate' } }), { kind: 'none' }],
    ['in sync, with a retained field the member changed', intent, member(intent.hash, { replicas: 9, paused: false }), { kind: 'none' }],
  ])('%s', (_name, wanted, actual, expected) => {
    expect(decideAction(wanted, actual)).toEqual(expected);
  });
});

const large = 'v'.repeat(900 * 1024);
const configMapIntent: MemberIntent = intentFor({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps' }, data: { large, small: 'a' }, binaryData: { blob: 'AAEC' } });

/** cachedConfigMap is a member's ConfigMap as the member cache holds it: values as digests. */
function cachedConfigMap(hash: string, data: Record<string, string>, binaryData: Record<string, string> = { blob: 'AAEC' }): KubeObject {
  return digestContent({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'apps', resourceVersion: '4', annotations: { [appliedHashAnnotation]: hash } },
    data,
    binaryData,
  });
}

describe('decideAction on ConfigMaps cached as digests', () => {
  it.each<[string, MemberIntent, KubeObject, MemberAction]>([
    ['equal data: nothing to do', configMapIntent, cachedConfigMap(configMapIntent.hash, { large, small: 'a' }), { kind: 'none' }],
    ['equal data, with a key the member added', configMapIntent, cachedConfigMap(configMapIntent.hash, { large, small: 'a', extra: 'b' }), { kind: 'none' }],
    ['the federated data changed', configMapIntent, cachedConfigMap('old-hash', { large: 'old', small: 'a' }), { kind: 'update', reason: 'changed' }],
    ['a member-side edit of a large value is drift', configMapIntent, cachedConfigMap(configMapIntent.hash, { large: `${large}!`, small: 'a' }), { kind: 'update', reason: 'drift' }],
    ['a member-side removal of a key is drift', configMapIntent, cachedConfigMap(configMapIntent.hash, { large }), { kind: 'update', reason: 'drift' }],
    ['a member-side edit of binaryData is drift', configMapIntent, cachedConfigMap(configMapIntent.hash, { large, small: 'a' }, { blob: 'AAED' }), { kind: 'update', reason: 'drift' }],
    ['a member copy whose data was all removed is drift', configMapIntent, cachedConfigMap(configMapIntent.hash, {}, {}), { kind: 'update', reason: 'drift' }],
    [
      'an uncached (whole) member copy compares alike',
      configMapIntent,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps', annotations: { [appliedHashAnnotation]: configMapIntent.hash } }, data: { large, small: 'a' }, binaryData: { blob: 'AAEC' } },
      { kind: 'none' },
    ],
  ])('%s', (_name, wanted, actual, expected) => {
    expect(decideAction(wanted, actual)).toEqual(expected);
  });
});

describe('decideAction on copies it has checked before', () => {
  it('answers alike when asked again about the same copy, and checks every other copy afresh', () => {
    const inPlace = member(intent.hash, { paused: false, replicas: 5 });
    const drifted = member(intent.hash, { paused: true, replicas: 5 });
    for (let round = 0; round < 3; round += 1) {
      expect(decideAction(intent, inPlace)).toEqual({ kind: 'none' });
      expect(decideAction(intent, drifted)).toEqual({ kind: 'update', reason: 'drift' });
    }
    // Another intent that happens to be asked about the same copy is compared, not taken from the first answer.
    const paused = intentFor({ ...intent.object, spec: { replicas: 2, paused: true } }, [['spec', 'replicas']]);
    const pausedCopy = member(paused.hash, { paused: false, replicas: 5 });
    expect(decideAction(paused, pausedCopy)).toEqual({ kind: 'update', reason: 'drift' });
    expect(decideAction(intent, inPlace)).toEqual({ kind: 'none' });
  });
});
