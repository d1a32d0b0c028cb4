import { describe, expect, it } from '@jest/globals';
import { daemonSetVerdict, deploymentVerdict, parseRolloutTarget, type RolloutObject, rolloutState } from '../../../src/cli/rollout/verdict.js';

const deployment = (spec: number, status: Record<string, unknown>, generation = 2): RolloutObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', generation },
  spec: { replicas: spec },
  status: { observedGeneration: 2, ...status },
});

describe("deploymentVerdict (kubectl's messages)", () => {
  it.each([
    [deployment(3, {}, 3), false, 'Waiting for deployment spec update to be observed...'],
    [deployment(3, { updatedReplicas: 1, replicas: 3 }), false, 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...'],
    [deployment(3, { updatedReplicas: 3, replicas: 4 }), false, 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...'],
    [deployment(3, { updatedReplicas: 3, replicas: 3, availableReplicas: 2 }), false, 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...'],
    [deployment(3, { updatedReplicas: 3, replicas: 3, availableReplicas: 3 }), true, 'deployment "web" successfully rolled out'],
  ])('%#', (object, done, message) => {
    expect(deploymentVerdict(object)).toEqual({ done, message });
  });

  it('fails on an exceeded progress deadline', () => {
    const stuck = deployment(3, { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] });
    expect(deploymentVerdict(stuck).error).toBe('deployment "web" exceeded its progress deadline');
  });
});

describe('daemonSetVerdict', () => {
  const daemonSet = (status: Record<string, unknown>, strategy = 'RollingUpdate'): RolloutObject => ({
    metadata: { name: 'agent', generation: 1 },
    spec: { updateStrategy: { type: strategy } },
    status: { observedGeneration: 1, desiredNumberScheduled: 2, ...status },
  });

  it.each([
    [daemonSet({ updatedNumberScheduled: 1 }), false, 'Waiting for daemon set "agent" rollout to finish: 1 out of 2 new pods have been updated...'],
    [daemonSet({ updatedNumberScheduled: 2, numberAvailable: 1 }), false, 'Waiting for daemon set "agent" rollout to finish: 1 of 2 updated pods are available...'],
    [daemonSet({ updatedNumberScheduled: 2, numberAvailable: 2 }), true, 'daemon set "agent" successfully rolled out'],
  ])('%#', (object, done, message) => {
    expect(daemonSetVerdict(object)).toEqual({ done, message });
  });

  it('refuses OnDelete daemon sets, as kubectl does', () => {
    expect(daemonSetVerdict(daemonSet({}, 'OnDelete')).error).toMatch(/only available for RollingUpdate/);
  });
});

describe('rolloutState', () => {
  const done = (replicas: number) => deployment(replicas, { updatedReplicas: replicas, replicas, readyReplicas: replicas, availableReplicas: replicas });

  it('is done when the federated status and every member agree, with one line per member', () => {
    const state = rolloutState('Deployment', done(3), [
      { cluster: 'a', share: 2, copy: done(2) },
      { cluster: 'b', share: 1, copy: done(1) },
      { cluster: 'c', share: 0, copy: done(0) },
    ]);
    expect(state).toEqual({
      done: true,
      federated: { done: true, message: 'deployment "web" successfully rolled out' },
      lines: [
        { cluster: 'a', text: 'a: 2/2 updated, 2/2 ready, 2/2 available - rolled out', done: true },
        { cluster: 'b', text: 'b: 1/1 updated, 1/1 ready, 1/1 available - rolled out', done: true },
      ],
    });
  });

  it('waits for a member still rolling out, or one that has no copy yet', () => {
    const rolling = deployment(2, { updatedReplicas: 2, replicas: 2, readyReplicas: 1, availableReplicas: 1 });
    const state = rolloutState('Deployment', done(3), [
      { cluster: 'a', share: 2, copy: rolling },
      { cluster: 'b', share: 1 },
    ]);
    expect(state.done).toBe(false);
    expect(state.lines.map((line) => line.text)).toEqual(['a: 2/2 updated, 1/2 ready, 1/2 available - waiting: 1 of 2 updated replicas are available', 'b: no copy yet (share 1)']);
  });

  it('waits for the federated status even when members look done', () => {
    const state = rolloutState('Deployment', deployment(3, {}, 3), [{ cluster: 'a', share: 3, copy: done(3) }]);
    expect(state.done).toBe(false);
    expect(state.federated.message).toBe('Waiting for deployment spec update to be observed...');
  });

  it("fails when a member's rollout exceeded its progress deadline", () => {
    const stuck = deployment(1, { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] });
    expect(rolloutState('Deployment', done(1), [{ cluster: 'a', share: 1, copy: stuck }]).error).toBe('deployment "web" exceeded its progress deadline in a');
  });

  it('shows a member it cannot read', () => {
    expect(rolloutState('Deployment', done(1), [{ cluster: 'a', share: 1, problem: 'connection refused' }]).lines[0]?.text).toBe('a: cannot be read: connection refused');
  });
});

describe('parseRolloutTarget', () => {
  it.each([
    [['deployment/web'], { kind: 'Deployment', name: 'web' }],
    [['deploy', 'web'], { kind: 'Deployment', name: 'web' }],
    [['deployments.apps/web'], { kind: 'Deployment', name: 'web' }],
    [['ds/agent'], { kind: 'DaemonSet', name: 'agent' }],
  ])('%j', (args, expected) => {
    expect(parseRolloutTarget(args)).toEqual(expected);
  });

  it.each([
    [['statefulset/db'], /no rollout status for "statefulset"/],
    [['deployment'], /expected deployment\/NAME/],
    [['deployment/web', 'other'], /not both/],
  ])('rejects %j', (args, message) => {
    expect(() => parseRolloutTarget(args)).toThrow(message);
  });
});
