import { describe, expect, it } from '@jest/globals';
import { localHpa } from '../../../../src/controllers/kinds/hpa.js';

describe('localHpa', () => {
  it("reads a member HPA's bounds and state", () => {
    const hpa = {
      metadata: { name: 'web' },
      spec: { minReplicas: 2, maxReplicas: 10 },
      status: { currentReplicas: 4, desiredReplicas: 5, lastScaleTime: '2024-01-01T00:00:00Z' },
    };
    expect(localHpa(hpa)).toEqual({ minReplicas: 2, maxReplicas: 10, currentReplicas: 4, desiredReplicas: 5, lastScaleTime: new Date('2024-01-01T00:00:00Z') });
  });

  it('treats a missing status as zero replicas and never scaled', () => {
    expect(localHpa({ metadata: { name: 'web' }, spec: { maxReplicas: 3 } })).toEqual({ minReplicas: undefined, maxReplicas: 3, currentReplicas: 0, desiredReplicas: 0 });
  });

  it('is undefined for a member without an HPA', () => {
    expect(localHpa(undefined)).toBeUndefined();
  });
});
