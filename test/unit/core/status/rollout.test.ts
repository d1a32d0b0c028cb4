import { describe, expect, it } from '@jest/globals';
import { rolloutSettled, type RolloutSubject } from '../../../../src/core/status/rollout.js';

const deployment: RolloutSubject = { kind: 'Deployment', generation: 4, replicas: 3 };
const replicaSet: RolloutSubject = { kind: 'ReplicaSet', generation: 2, replicas: 3 };
const done = { observedGeneration: 4, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 };

describe('rolloutSettled', () => {
  it.each<[string, RolloutSubject, Record<string, unknown> | undefined, boolean]>([
    ['no status yet', deployment, undefined, false],
    ['every replica updated and available', deployment, done, true],
    ['the new generation not observed yet', deployment, { ...done, observedGeneration: 3 }, false],
    ['no observed generation at all', deployment, { ...done, observedGeneration: undefined }, false],
    ['replicas still being updated', deployment, { ...done, updatedReplicas: 2 }, false],
    ['an old replica still terminating', deployment, { ...done, replicas: 4 }, false],
    ['an updated replica not available yet', deployment, { ...done, availableReplicas: 2 }, false],
    [
      'the progress deadline exceeded (kubectl rollout status fails on it)',
      deployment,
      { ...done, availableReplicas: 0, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] },
      true,
    ],
    [
      'progressing normally',
      deployment,
      { ...done, availableReplicas: 1, conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' }] },
      false,
    ],
    ['scaled to zero', { ...deployment, replicas: 0 }, { observedGeneration: 4 }, true],
    ['a ReplicaSet with every replica available', replicaSet, { observedGeneration: 2, replicas: 3, availableReplicas: 3 }, true],
    ['a ReplicaSet still starting replicas', replicaSet, { observedGeneration: 2, replicas: 3, availableReplicas: 1 }, false],
    ['a ReplicaSet scaling down', replicaSet, { observedGeneration: 2, replicas: 4, availableReplicas: 4 }, false],
  ])('%s', (_name, subject, status, expected) => {
    expect(rolloutSettled(subject, status)).toBe(expected);
  });
});
