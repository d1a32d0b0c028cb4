import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { KubeObject } from '../../../../src/core/objects.js';
import { identityLabels, identitySelector, isOwnCopy, legacySelector, ownershipOf, ownershipProblem } from '../../../../src/core/propagation/identity.js';
import { federationIdLabel, managedByLabel } from '../../../../src/core/well-known.js';

const ours = { name: 'federation', id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' };
const theirs = '9c5b94b1-35ad-49bb-b118-8e8fc24abf80';
const object = (labels?: Record<string, string>): KubeObject => ({ metadata: { name: 'web', ...(labels ? { labels } : {}) } });

describe('ownershipOf', () => {
  it.each([
    ['no labels', undefined, { kind: 'unmanaged' }],
    ['user labels only', { app: 'web' }, { kind: 'unmanaged' }],
    ['our name and id', { [managedByLabel]: 'federation', [federationIdLabel]: ours.id }, { kind: 'own' }],
    ['our name, no id (made before ids)', { [managedByLabel]: 'federation' }, { kind: 'legacy' }],
    ['our name, another id', { [managedByLabel]: 'federation', [federationIdLabel]: theirs }, { kind: 'other', name: 'federation', id: theirs }],
    ['another name, no id', { [managedByLabel]: 'other' }, { kind: 'other', name: 'other' }],
    ['an id without a name', { [federationIdLabel]: ours.id }, { kind: 'unmanaged' }],
  ])('%s', (_case, labels, expected) => {
    expect(ownershipOf(object(labels), ours)).toEqual(expected);
  });

  it('calls a copy its own exactly when both labels are this federation’s', () => {
    const label = fc.option(fc.constantFrom('federation', 'other', ours.id, theirs, ''), { nil: undefined });
    fc.assert(
      fc.property(label, label, (name, id) => {
        const labels = { ...(name === undefined ? {} : { [managedByLabel]: name }), ...(id === undefined ? {} : { [federationIdLabel]: id }) };
        expect(isOwnCopy(object(labels), ours)).toBe(name === ours.name && id === ours.id);
      }),
    );
  });
});

describe('ownershipProblem', () => {
  const where = 'ConfigMap web in cluster gcek8s';
  it('lets kubefed write its own copies, and adopt only what no federation manages', () => {
    expect(ownershipProblem(object(identityLabels(ours)), ours, where, false)).toBeUndefined();
    expect(ownershipProblem(object(), ours, where, true)).toBeUndefined();
    expect(ownershipProblem(object(), ours, where, false)).toMatch(/was not created by kubefed; set annotation federation.kubefed.dev\/adopt/);
  });

  it('never adopts another federation’s copy, even one of the same name', () => {
    expect(ownershipProblem(object({ [managedByLabel]: 'federation', [federationIdLabel]: theirs }), ours, where, true)).toBe(
      `${where} is managed by another federation named federation (id ${theirs}, this federation's id is ${ours.id})`,
    );
    expect(ownershipProblem(object({ [managedByLabel]: 'other' }), ours, where, true)).toBe(`${where} is managed by federation other`);
  });

  it('sends copies made before ids to kubefed join, which claims them', () => {
    expect(ownershipProblem(object({ [managedByLabel]: 'federation' }), ours, where, true)).toMatch(/carries no federation id .* run kubefed join again/);
  });
});

describe('selectors', () => {
  it('select this federation’s copies, and the copies of its name made before ids', () => {
    expect(identitySelector(ours)).toBe(`${managedByLabel}=federation,${federationIdLabel}=${ours.id}`);
    expect(legacySelector('federation')).toBe(`${managedByLabel}=federation,!${federationIdLabel}`);
  });
});
