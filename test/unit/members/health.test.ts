import { describe, expect, it } from '@jest/globals';
import { clusterStatus, type HealthState, nextHealth, type ProbeOutcome, type Thresholds } from '../../../src/members/health.js';
import { mergePatch } from '../../../src/core/propagation/merge-patch.js';

const ok: ProbeOutcome = { ok: true, reachable: true, reason: 'ClusterReady', message: '/readyz responded with ok' };
const notReady: ProbeOutcome = { ok: false, reachable: true, reason: 'ClusterNotReady', message: '/readyz responded without ok' };
const unreachable: ProbeOutcome = { ok: false, reachable: false, reason: 'ClusterNotReachable', message: 'connect ECONNREFUSED' };
const fresh: HealthState = { failures: 0, successes: 0 };

function fold(outcomes: ProbeOutcome[], thresholds: Thresholds, start: HealthState = fresh): HealthState[] {
  const states: HealthState[] = [];
  let state = start;
  for (const outcome of outcomes) {
    state = nextHealth(state, outcome, thresholds);
    states.push(state);
  }
  return states;
}

describe('nextHealth', () => {
  const three = { failureThreshold: 3, successThreshold: 1 };

  it('turns not ready only after failureThreshold failures in a row', () => {
    const states = fold([ok, notReady, notReady, notReady], three);
    expect(states.map((state) => state.ready)).toEqual([true, true, true, false]);
  });

  it('starts counting failures again after a success', () => {
    const states = fold([ok, notReady, notReady, ok, notReady, notReady], three);
    expect(states.map((state) => state.ready)).toEqual([true, true, true, true, true, true]);
  });

  it('turns ready again only after successThreshold successes in a row', () => {
    const thresholds = { failureThreshold: 1, successThreshold: 2 };
    const states = fold([notReady, ok, notReady, ok, ok], thresholds);
    expect(states.map((state) => state.ready)).toEqual([false, false, false, false, true]);
  });

  it('has no verdict until a threshold is reached', () => {
    expect(nextHealth(fresh, notReady, three).ready).toBeUndefined();
  });

  it('shows the outcome that caused the verdict, not every later probe', () => {
    const [first, , , last] = fold([ok, notReady, notReady, { ...ok, message: 'a different ok' }], three);
    expect(first?.outcome).toEqual(ok);
    expect(last?.outcome).toEqual(ok);
    const [, , failed, later] = fold([ok, notReady, unreachable, notReady], { failureThreshold: 2, successThreshold: 1 });
    expect(failed?.outcome).toEqual(unreachable);
    expect(later?.outcome).toEqual(unreachable);
  });
});

describe('clusterStatus', () => {
  const t0 = new Date('2024-05-01T10:00:00.123Z');
  const t1 = new Date('2024-05-01T10:00:10.456Z');
  const t2 = new Date('2024-05-01T10:00:20.789Z');
  const readyState: HealthState = { ready: true, failures: 0, successes: 1, outcome: ok };
  const topology = { zones: ['a', 'b'], region: 'eu', nodes: 'sig' };

  it('writes Ready and Offline conditions, times without fractions, zones and region', () => {
    expect(clusterStatus(undefined, readyState, topology, t0)).toEqual({
      conditions: [
        { type: 'Ready', status: 'True', reason: 'ClusterReady', message: '/readyz responded with ok', lastProbeTime: '2024-05-01T10:00:00Z', lastTransitionTime: '2024-05-01T10:00:00Z' },
        { type: 'Offline', status: 'False', reason: 'ClusterReachable', message: 'cluster is reachable', lastProbeTime: '2024-05-01T10:00:00Z', lastTransitionTime: '2024-05-01T10:00:00Z' },
      ],
      zones: ['a', 'b'],
      region: 'eu',
    });
  });

  it.each([
    ['reachable but not ready', notReady, { status: 'False', reason: 'ClusterNotReady' }, { status: 'False', reason: 'ClusterReachable' }],
    ['unreachable', unreachable, { status: 'False', reason: 'ClusterNotReachable' }, { status: 'True', reason: 'ClusterNotReachable' }],
  ])('reports a member that is %s', (_name, outcome, ready, offline) => {
    const status = clusterStatus(undefined, { ready: false, failures: 3, successes: 0, outcome }, undefined, t0);
    expect(status.conditions?.[0]).toMatchObject({ type: 'Ready', ...ready, message: outcome.message });
    expect(status.conditions?.[1]).toMatchObject({ type: 'Offline', ...offline });
  });

  it('keeps the pending releases the federated reconcilers wrote, so its own patch never clears them', () => {
    const previous = { ...clusterStatus(undefined, readyState, topology, t0), pendingReleases: { 'configmaps:shop/app': '2024-05-01T09:00:00Z' } };
    const later = clusterStatus(previous, { ready: false, failures: 3, successes: 0, outcome: unreachable }, topology, t1);
    expect(later.pendingReleases).toEqual(previous.pendingReleases);
    expect(mergePatch(previous, later)).not.toHaveProperty('pendingReleases');
  });

  it('changes nothing for a steady member, so no status write follows', () => {
    const thresholds = { failureThreshold: 3, successThreshold: 1 };
    const first = clusterStatus(undefined, readyState, topology, t0);
    // A later probe, even one failure below the threshold, leaves the verdict and its outcome alone.
    const state = nextHealth(nextHealth(readyState, ok, thresholds), notReady, thresholds);
    const later = clusterStatus(first, state, topology, t1);
    expect(later).toEqual(first);
    expect(mergePatch(first, later)).toBeUndefined();
  });

  it.each([
    ['a good probe', ok],
    ['a failed probe below the failure threshold', notReady],
  ])('changes nothing after a restart of the controller when the first probe is %s', (_name, outcome) => {
    const thresholds = { failureThreshold: 3, successThreshold: 1 };
    const before = clusterStatus(undefined, readyState, topology, t0);
    // A restarted controller knows only the verdict written to the Cluster's status.
    const restarted: HealthState = { ready: true, failures: 0, successes: 0 };
    const after = clusterStatus(before, nextHealth(restarted, outcome, thresholds), topology, t1);
    expect(mergePatch(before, after)).toBeUndefined();
  });

  it('moves the transition time only when the status flips', () => {
    const first = clusterStatus(undefined, readyState, topology, t0);
    const down = clusterStatus(first, { ready: false, failures: 3, successes: 0, outcome: notReady }, topology, t1);
    const [ready, offline] = down.conditions ?? [];
    expect(ready).toMatchObject({ status: 'False', lastTransitionTime: '2024-05-01T10:00:10Z', lastProbeTime: '2024-05-01T10:00:10Z' });
    // Offline stays False: its transition and probe times stand.
    expect(offline).toMatchObject({ status: 'False', lastTransitionTime: '2024-05-01T10:00:00Z', lastProbeTime: '2024-05-01T10:00:00Z' });
    const unreachableLater = clusterStatus(down, { ready: false, failures: 4, successes: 0, outcome: unreachable }, topology, t2);
    // Same status, new reason: the probe time moves, the transition time does not.
    expect(unreachableLater.conditions?.[0]).toMatchObject({ reason: 'ClusterNotReachable', lastTransitionTime: '2024-05-01T10:00:10Z', lastProbeTime: '2024-05-01T10:00:20Z' });
  });

  it('keeps the previous status while there is no verdict yet', () => {
    const previous = clusterStatus(undefined, readyState, topology, t0);
    expect(clusterStatus(previous, { failures: 1, successes: 0, outcome: notReady }, undefined, t1)).toBe(previous);
    expect(clusterStatus(undefined, fresh, undefined, t1)).toEqual({});
  });

  it('keeps zones and region when the nodes could not be read, and drops them when the nodes have none', () => {
    const previous = clusterStatus(undefined, readyState, topology, t0);
    expect(clusterStatus(previous, readyState, undefined, t1)).toMatchObject({ zones: ['a', 'b'], region: 'eu' });
    const bare = clusterStatus(previous, readyState, { zones: [], nodes: 'sig' }, t1);
    expect(bare.zones).toBeUndefined();
    expect(bare.region).toBeUndefined();
  });
});
