import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../../src/core/objects.js';
import { decideAction, type MemberAction } from '../../../../src/core/propagation/decide.js';
import { intentFor, type MemberIntent } from '../../../../src/core/propagation/render.js';
import { appliedHashAnnotation } from '../../../../src/core/well-known.js';

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
