import { describe, expect, it } from '@jest/globals';
import type { MemberCopy } from '../../../../src/core/status/member-copy.js';
import { sumStatus } from '../../../../src/core/status/sum.js';

const copy = (cluster: string, status?: Record<string, unknown>): MemberCopy => ({ cluster, hash: 'h', ...(status ? { object: { metadata: { name: 'web' }, status } } : {}) });

describe('sumStatus', () => {
  it('adds up each field over the members, counting missing or non-numeric values as 0', () => {
    const copies = [copy('a', { replicas: 2, readyReplicas: 1 }), copy('b', { replicas: 3, readyReplicas: '2' }), copy('c')];
    expect(sumStatus(copies, ['replicas', 'readyReplicas', 'availableReplicas'])).toEqual({ replicas: 5, readyReplicas: 1, availableReplicas: 0 });
  });

  it('reports zeros without members', () => {
    expect(sumStatus([], ['replicas'])).toEqual({ replicas: 0 });
  });
});
