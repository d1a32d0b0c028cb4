import { describe, expect, test } from '@jest/globals';
import type { KubeObject } from '../../../src/core/objects.js';
import { isNewer } from '../../../src/kube/resource-version.js';

const at = (resourceVersion?: string): KubeObject => ({ metadata: { name: 'a', resourceVersion } });

describe('isNewer', () => {
  test.each([
    ['a later version', at('6'), at('5'), true],
    ['numbers, not text: 10 after 9', at('10'), at('9'), true],
    ['the same version', at('9'), at('9'), false],
    ['an earlier version', at('8'), at('9'), false],
    ['anything against nothing', at('1'), undefined, true],
    ['an opaque version', at('abc'), at('9'), false],
    ['no version', at(undefined), at('9'), false],
  ])('%s', (_case, candidate, current, expected) => {
    expect(isNewer(candidate, current)).toBe(expected);
  });
});
