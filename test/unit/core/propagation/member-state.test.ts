import { describe, expect, it } from '@jest/globals';
import type { KubeObject, ObjectStatus } from '../../../../src/core/objects.js';
import { formatMemberStates, memberStates } from '../../../../src/core/propagation/member-state.js';
import { intentFor } from '../../../../src/core/propagation/render.js';
import { appliedHashAnnotation } from '../../../../src/core/well-known.js';

const intent = intentFor({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } });
const copy = (hash: string, conditions?: unknown): KubeObject => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', annotations: { [appliedHashAnnotation]: hash } },
  // Members are untrusted: the conditions may be of any shape, whatever the type says.
  ...(conditions === undefined ? {} : { status: { conditions } as ObjectStatus }),
});

describe('memberStates', () => {
  it.each([
    ['no copy yet', undefined, { synced: false }],
    ['a copy of an older rendering', copy('old'), { synced: false }],
    ['a copy in sync without conditions', copy(intent.hash), { synced: true }],
    ['a copy reporting Ready', copy(intent.hash, [{ type: 'Ready', status: 'False' }]), { synced: true, Ready: 'False' }],
    ['a copy reporting Available and others', copy(intent.hash, [{ type: 'Progressing', status: 'True' }, { type: 'Available', status: 'True' }]), { synced: true, Available: 'True' }],
    ['conditions that are not a list', copy(intent.hash, { Ready: true }), { synced: true }],
    ['a condition without a string status', copy(intent.hash, [{ type: 'Ready', status: 1 }, null]), { synced: true }],
  ])('%s', (_name, actual, expected) => {
    expect(memberStates(new Map([['a', intent]]), () => actual)).toEqual({ a: expected });
  });

  it('lists only the members that should hold a copy, in name order, as stable text', () => {
    const states = memberStates(new Map([['b', intent], ['a', intent]]), (cluster) => (cluster === 'a' ? copy(intent.hash) : undefined));
    expect(formatMemberStates(states)).toBe('{"a":{"synced":true},"b":{"synced":false}}');
  });
});
