import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AnnotationError } from '../../../../src/core/annotations/codec.js';
import { formatMemberStates, memberStates, memberStatesCodec, type MemberStates, messageLimit } from '../../../../src/core/annotations/member-states.js';
import type { KubeObject, ObjectStatus } from '../../../../src/core/objects.js';
import { intentFor } from '../../../../src/core/propagation/render.js';
import { appliedHashAnnotation, memberStatesAnnotation } from '../../../../src/core/well-known.js';

describe('memberStatesCodec', () => {
  it('reads and writes federation.kubefed.dev/member-states', () => {
    expect(memberStatesCodec.annotation).toBe(memberStatesAnnotation);
  });

  it.each<[string, MemberStates, string]>([
    ['a member without conditions', { a: { synced: false } }, '{"a":{"synced":false}}'],
    [
      'a member with both conditions',
      { a: { synced: true, Ready: { status: 'False', reason: 'Pending', message: 'waiting for the issuer' }, Available: { status: 'True' } } },
      '{"a":{"Available":{"status":"True"},"Ready":{"message":"waiting for the issuer","reason":"Pending","status":"False"},"synced":true}}',
    ],
    ['no members', {}, '{}'],
  ])('round-trips %s', (_name, states, text) => {
    expect(memberStatesCodec.encode(states)).toBe(text);
    expect(memberStatesCodec.decode(text)).toEqual(states);
  });

  it.each<[string, string, string]>([
    ['text that is not JSON', '{"a":', 'member-states: invalid JSON: '],
    ['a list', '[{"synced":true}]', 'member-states: must be a JSON object keyed by cluster name, got [{"synced":true}]'],
    ['a bare flag for a member', '{"a":true}', 'member-states["a"] must be an object, got true'],
    ['no synced flag', '{"a":{}}', 'member-states["a"].synced must be true or false, got undefined'],
    ['a condition without a status', '{"a":{"synced":true,"Ready":{"reason":"x"}}}', 'member-states["a"].Ready must be an object with a string status, got {"reason":"x"}'],
    ['a condition as bare text', '{"a":{"synced":true,"Ready":"True"}}', 'member-states["a"].Ready must be an object with a string status, got "True"'],
    ['a message that is not text', '{"a":{"synced":true,"Available":{"status":"True","message":{"x":1}}}}', 'member-states["a"].Available.message must be a string, got {"x":1}'],
  ])('rejects %s precisely', (_name, text, message) => {
    expect(() => memberStatesCodec.decode(text)).toThrow(AnnotationError);
    expect(() => memberStatesCodec.decode(text)).toThrow(message);
  });

  it('ignores fields it does not show, and keeps a member called __proto__ an ordinary entry', () => {
    const states = memberStatesCodec.decode('{"__proto__":{"synced":true,"Progressing":{"status":"True"}}}');
    expect(Object.keys(states)).toEqual(['__proto__']);
    expect(states.__proto__).toEqual({ synced: true });
  });

  it('round-trips any states', () => {
    const condition = fc.record({ status: fc.string(), reason: fc.string(), message: fc.string() }, { requiredKeys: ['status'] });
    const state = fc.record({ synced: fc.boolean(), Ready: condition, Available: condition }, { requiredKeys: ['synced'] });
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), state), (states) => {
        expect(memberStatesCodec.decode(memberStatesCodec.encode(states))).toEqual(states);
      }),
    );
  });
});

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
    ['a copy reporting Ready', copy(intent.hash, [{ type: 'Ready', status: 'False' }]), { synced: true, Ready: { status: 'False' } }],
    [
      'a copy reporting Ready with its reason and message (no timestamps, which would churn)',
      copy(intent.hash, [{ type: 'Ready', status: 'False', reason: 'IssuerNotReady', message: 'issuer "ca" is not ready', lastTransitionTime: '2026-12-07T10:00:00Z' }]),
      { synced: true, Ready: { status: 'False', reason: 'IssuerNotReady', message: 'issuer "ca" is not ready' } },
    ],
    [
      'a copy reporting Available and others',
      copy(intent.hash, [{ type: 'Progressing', status: 'True' }, { type: 'Available', status: 'True', reason: '', message: '' }]),
      { synced: true, Available: { status: 'True' } },
    ],
    ['a reason and message that are not text', copy(intent.hash, [{ type: 'Ready', status: 'True', reason: 7, message: ['x'] }]), { synced: true, Ready: { status: 'True' } }],
    [
      'a message longer than the annotation keeps',
      copy(intent.hash, [{ type: 'Ready', status: 'False', message: 'x'.repeat(10_000) }]),
      { synced: true, Ready: { status: 'False', message: `${'x'.repeat(messageLimit - 1)}…` } },
    ],
    ['conditions that are not a list', copy(intent.hash, { Ready: true }), { synced: true }],
    ['a condition without a string status', copy(intent.hash, [{ type: 'Ready', status: 1 }, null]), { synced: true }],
  ])('%s', (_name, actual, expected) => {
    expect(memberStates(new Map([['a', intent]]), () => actual)).toEqual({ a: expected });
  });

  it('lists only the members that should hold a copy, in name order, as stable text', () => {
    const states = memberStates(new Map([['b', intent], ['a', intent]]), (cluster) => (cluster === 'a' ? copy(intent.hash) : undefined));
    expect(formatMemberStates(states)).toBe('{"a":{"synced":true},"b":{"synced":false}}');
  });

  it('passes the words of the member through redact before they are kept, and cuts after redacting', () => {
    const secret = 's3cr3t-token-value';
    const leaky = copy(intent.hash, [{ type: 'Ready', status: 'False', reason: 'Failed', message: `login with ${secret} failed` }]);
    const states = memberStates(new Map([['a', intent]]), () => leaky, (text) => text.replaceAll(secret, '[redacted]'));
    expect(states.a?.Ready).toEqual({ status: 'False', reason: 'Failed', message: 'login with [redacted] failed' });
  });
});
