import { describe, expect, it } from '@jest/globals';
import { handOverToHpa, isHandedToHpa, isHandOverDone } from '../../../src/scheduling/hpa-handover.js';

describe('isHandedToHpa', () => {
  it.each<[string, string[], string[] | undefined, boolean]>([
    ['no HPA anywhere', [], [], false],
    ['a federated HPA that has not announced its members yet', [], undefined, true],
    ['a federated HPA placed on members that have no HPA yet', [], ['a'], true],
    ['a member HPA', ['a'], [], true],
  ])('%s: %s', (_case, owned, targets, expected) => {
    expect(isHandedToHpa(owned, targets)).toBe(expected);
  });
});

describe('isHandOverDone', () => {
  it.each<[string, string[], string[] | undefined, boolean]>([
    ['not announced yet', ['a', 'b'], undefined, false],
    ['an announced member without its HPA', ['a'], ['a', 'b'], false],
    ['every announced member with its HPA', ['a', 'b'], ['a', 'b'], true],
    ['an announced member outside the placement', ['a'], ['a', 'z'], true],
  ])('%s', (_case, owned, targets, expected) => {
    expect(isHandOverDone({ clusters: ['a', 'b', 'c'], owned, targets })).toBe(expected);
  });
});

describe('handOverToHpa', () => {
  const clusters = ['a', 'b', 'c'];
  const running = { a: 3, b: 3, c: 2 };
  const none = {};

  it.each<[string, string[], string[] | undefined, Record<string, number | undefined>, Record<string, number>, Record<string, number>]>([
    // Issue 19: the first HPA copy appears before the others; nobody may go 3 → 0.
    ['the first member HPA, before the federated HPA announced its members', ['a'], undefined, running, none, { a: 3, b: 3, c: 2 }],
    ['the first member HPA of two announced', ['a'], ['a', 'b'], running, none, { a: 3, b: 3, c: 2 }],
    ['every announced member HPA in place: the member left out goes to 0', ['a', 'b'], ['a', 'b'], running, none, { a: 3, b: 3, c: 0 }],
    ['every member HPA in place: the split no longer counts', ['a', 'b'], ['a', 'b'], running, { a: 9, b: 9, c: 9 }, { a: 3, b: 3, c: 0 }],
    ['a copy at 0 handed to an HPA starts at 1', ['a', 'b'], ['a', 'b'], { a: 0, b: 3, c: 2 }, none, { a: 1, b: 3, c: 0 }],
    ['a workload created with its HPA starts with its split', [], undefined, {}, { a: 2, b: 2, c: 1 }, { a: 2, b: 2, c: 1 }],
    ['a member to get an HPA, without a copy or a split, gets 1', [], ['a'], { b: 3 }, none, { a: 1, b: 3, c: 0 }],
    ['under way, a smaller split lowers no one', ['a'], ['a', 'b'], running, { a: 1, b: 1, c: 1 }, { a: 3, b: 3, c: 2 }],
    ['an announced member outside the placement does not hold the others up', ['a'], ['a', 'z'], running, none, { a: 3, b: 0, c: 0 }],
    ['a member HPA left from an earlier placement still owns its replicas', ['b'], ['a'], running, none, { a: 3, b: 3, c: 2 }],
  ])('%s', (_case, owned, targets, requested, split, expected) => {
    expect(handOverToHpa({ clusters, requested, owned, targets, split })).toEqual(expected);
  });

  it('never lowers a member below what it asks for before an HPA owns it there or every HPA is in place', () => {
    for (const owned of [[], ['a'], ['b'], ['a', 'b']]) {
      for (const targets of [undefined, ['a', 'b'], ['a', 'b', 'c']]) {
        const replicas = handOverToHpa({ clusters, requested: running, owned, targets, split: { a: 0, b: 1, c: 0 } });
        const done = isHandOverDone({ clusters, owned, targets });
        for (const cluster of clusters.filter((name) => !done || owned.includes(name))) {
          expect(replicas[cluster]).toBeGreaterThanOrEqual(running[cluster as keyof typeof running]);
        }
      }
    }
  });
});
