import { describe, expect, it } from '@jest/globals';
import { handOverToHpa, isHandedToHpa } from '../../../src/scheduling/hpa-handover.js';

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

describe('handOverToHpa', () => {
  const clusters = ['a', 'b', 'c'];
  const running = { a: 3, b: 3, c: 2 };

  it.each<[string, string[], string[] | undefined, Record<string, number | undefined>, Record<string, number>]>([
    // Issue 19: the first HPA copy appears before the others; nobody may go 3 → 0.
    ['the first member HPA, before the federated HPA announced its members', ['a'], undefined, running, { a: 3, b: 3, c: 2 }],
    ['the first member HPA of two announced', ['a'], ['a', 'b'], running, { a: 3, b: 3, c: 2 }],
    ['every announced member HPA in place: the member left out goes to 0', ['a', 'b'], ['a', 'b'], running, { a: 3, b: 3, c: 0 }],
    ['a copy at 0 handed to an HPA starts at 1', ['a', 'b'], ['a', 'b'], { a: 0, b: 3, c: 2 }, { a: 1, b: 3, c: 0 }],
    ['a member to get an HPA but without a copy yet gets 1', [], ['a'], { b: 3 }, { a: 1, b: 3, c: 0 }],
    ['an announced member outside the placement does not hold the others up', ['a'], ['a', 'z'], running, { a: 3, b: 0, c: 0 }],
    ['a member HPA left from an earlier placement still owns its replicas', ['b'], ['a'], running, { a: 3, b: 3, c: 2 }],
  ])('%s', (_case, owned, targets, requested, expected) => {
    expect(handOverToHpa({ clusters, requested, owned, targets })).toEqual(expected);
  });

  it('never lowers a member below what it asks for before an HPA owns it there or every HPA is in place', () => {
    for (const owned of [[], ['a'], ['b'], ['a', 'b']]) {
      for (const targets of [undefined, ['a', 'b'], ['a', 'b', 'c']]) {
        const complete = targets !== undefined && targets.every((cluster) => owned.includes(cluster));
        const replicas = handOverToHpa({ clusters, requested: running, owned, targets });
        for (const cluster of clusters) {
          if (!complete || targets.includes(cluster)) {
            expect(replicas[cluster]).toBeGreaterThanOrEqual(running[cluster as keyof typeof running]);
          }
        }
      }
    }
  });
});
