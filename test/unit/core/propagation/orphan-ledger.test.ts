import { describe, expect, it } from '@jest/globals';
import { awayClusters, OrphanLedger, pendingReleaseKey } from '../../../../src/core/propagation/orphan-ledger.js';

describe('OrphanLedger', () => {
  it.each([
    { case: 'nothing recorded', record: [], cluster: 'east', action: 'delete' },
    { case: 'the member was away', record: ['east'], cluster: 'east', action: 'release' },
    { case: 'another member was away', record: ['west'], cluster: 'east', action: 'delete' },
  ])('$case: the sweep would $action', ({ record, cluster, action }) => {
    const ledger = new OrphanLedger();
    ledger.record('ns/app', record);
    expect(ledger.sweepAction('ns/app', cluster)).toBe(action);
    expect(ledger.sweepAction('ns/other', cluster)).toBe('delete');
  });

  it('settles member by member and forgets the key once every away member released its copy', () => {
    const ledger = new OrphanLedger();
    ledger.record('ns/app', ['east']);
    ledger.record('ns/app', ['west']);
    ledger.settle('ns/app', 'east');
    expect(ledger.sweepAction('ns/app', 'east')).toBe('delete');
    expect(ledger.sweepAction('ns/app', 'west')).toBe('release');
    ledger.settle('ns/app', 'west');
    expect(ledger.size).toBe(0);
  });

  it('records nothing when every member was reached, and forgets on a new decision', () => {
    const ledger = new OrphanLedger();
    ledger.record('ns/app', []);
    expect(ledger.size).toBe(0);
    ledger.record('ns/app', ['east']);
    ledger.forget('ns/app');
    expect(ledger.sweepAction('ns/app', 'east')).toBe('delete');
  });
});

describe('awayClusters', () => {
  it('names the members that are not ready or have no usable credentials', () => {
    const member = {};
    expect(
      awayClusters([
        { name: 'ready', ready: true, member },
        { name: 'down', ready: false, member },
        { name: 'no-credentials', ready: true },
      ]),
    ).toEqual(['down', 'no-credentials']);
  });
});

describe('pendingReleaseKey', () => {
  it.each([
    ['a core kind', { group: '', plural: 'configmaps' }, 'shop/app', 'configmaps:shop/app'],
    ['a grouped kind', { group: 'apps', plural: 'deployments' }, 'shop/web', 'deployments.apps:shop/web'],
    ['a cluster-scoped kind', { group: '', plural: 'namespaces' }, 'shop', 'namespaces:shop'],
  ])('%s', (_name, type, key, expected) => {
    expect(pendingReleaseKey(type, key)).toBe(expected);
  });
});
