import { describe, expect, it } from '@jest/globals';
import type { MemberCopy } from '../../../../src/core/status/member-copy.js';
import type { KubeObject } from '../../../../src/core/objects.js';
import { observedGeneration } from '../../../../src/core/status/generation.js';
import { appliedHashAnnotation } from '../../../../src/core/well-known.js';

const source: KubeObject = { metadata: { name: 'web', generation: 5 }, status: { observedGeneration: 4 } };

/** copy is a member copy applied with hash at memberGeneration, whose controller observed observed. */
function copy(cluster: string, want: string | undefined, applied: string, memberGeneration: number, observed?: number): MemberCopy {
  return {
    cluster,
    ...(want === undefined ? {} : { hash: want }),
    object: {
      metadata: { name: 'web', generation: memberGeneration, annotations: { [appliedHashAnnotation]: applied } },
      status: observed === undefined ? {} : { observedGeneration: observed },
    },
  };
}

describe('observedGeneration', () => {
  it.each<[string, MemberCopy[], number | undefined]>([
    ['every member holds the current hash and observed it', [copy('a', 'h2', 'h2', 3, 3), copy('b', 'h2', 'h2', 7, 8)], 5],
    ['one member still holds the previous rendering', [copy('a', 'h2', 'h2', 3, 3), copy('b', 'h2', 'h1', 7, 7)], 4],
    ["one member's controller has not observed its copy yet", [copy('a', 'h2', 'h2', 3, 3), copy('b', 'h2', 'h2', 8, 7)], 4],
    ['one member has no observedGeneration at all', [copy('a', 'h2', 'h2', 1)], 4],
    ['a placed member has no copy yet', [copy('a', 'h2', 'h2', 3, 3), { cluster: 'b', hash: 'h2' }], 4],
    ['members that should hold nothing do not count', [copy('a', 'h2', 'h2', 3, 3), copy('b', undefined, 'h1', 1, 0)], 5],
    ['no members at all', [], 5],
  ])('%s', (_name, copies, expected) => {
    expect(observedGeneration(source, copies)).toBe(expected);
  });

  it('reports nothing until the first full observation when there is no previous value', () => {
    expect(observedGeneration({ metadata: { name: 'web', generation: 1 } }, [copy('a', 'h', 'old', 1, 1)])).toBeUndefined();
  });
});
