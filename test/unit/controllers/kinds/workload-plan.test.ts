import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type MemberWorkload, planWorkload, type WorkloadPlanInput } from '../../../../src/controllers/kinds/workload-plan.js';
import { canonicalJson } from '../../../../src/core/propagation/canonical.js';
import { capacityAnnotation, placementAnnotation } from '../../../../src/core/well-known.js';
import { deploymentPreferencesCodec } from '../../../../src/core/annotations/preferences.js';
import { deploymentPreferencesAnnotation as preferences } from '../../../../src/scheduling/preferences.js';

const now = 50_000_000;
const retryMs = 600_000;

const member = (requested: number, ready = requested, unschedulable = 0): MemberWorkload => ({ requested, ready, unschedulable });

function input(
  overrides: Partial<WorkloadPlanInput> & { members?: Record<string, MemberWorkload>; hpaClusters?: string[]; hpaTargets?: string[]; nodes?: Record<string, string> },
): WorkloadPlanInput {
  const { members = {}, hpaClusters = [], hpaTargets, nodes = {}, ...rest } = overrides;
  return {
    key: 'shop/web',
    replicas: 6,
    clusters: ['a', 'b'],
    annotations: {},
    preferences: deploymentPreferencesCodec,
    // An explicit undefined is a federated HPA that has not announced its members yet.
    observations: { members, nodes, hpaClusters, hpaTargets: 'hpaTargets' in overrides ? hpaTargets : [] },
    now,
    capacityRetryMs: retryMs,
    ...rest,
  };
}

describe('planWorkload with member HPAs', () => {
  it("leaves replicas to the HPA clusters (their current count, else 1) and, once every HPA is there, keeps the others at 0", () => {
    const plan = planWorkload(input({ clusters: ['a', 'b', 'c'], hpaClusters: ['a', 'c'], hpaTargets: ['a', 'c'], members: { a: member(4), b: member(2) } }));
    expect(plan).toEqual({ replicas: { a: 4, b: 0, c: 1 }, hpaClusters: ['a', 'c'], annotations: {}, warnings: [], requeueAfterMs: undefined });
  });

  it('keeps every member at what it runs until each announced member has its HPA', () => {
    const plan = planWorkload(input({ hpaClusters: ['a'], hpaTargets: undefined, members: { a: member(3), b: member(3) } }));
    expect(plan.replicas).toEqual({ a: 3, b: 3 });
    expect(plan.annotations).toEqual({});
  });

  it('starts a workload created together with its HPA with its split', () => {
    const plan = planWorkload(input({ hpaTargets: undefined }));
    expect(plan.replicas).toEqual({ a: 3, b: 3 });
    expect(plan.annotations).toEqual({});
  });

  it('ignores the federated replicas and the preferences while the HPAs own the replicas', () => {
    const plan = planWorkload(input({ replicas: 20, annotations: { [placementAnnotation]: '{"a":3,"b":3}' }, hpaClusters: ['a', 'b'], hpaTargets: ['a', 'b'], members: { a: member(3), b: member(3) } }));
    expect(plan.replicas).toEqual({ a: 3, b: 3 });
    expect(plan.annotations).toEqual({});
  });
});

describe('planWorkload with unusable preferences', () => {
  it('keeps the last placement and warns', () => {
    const plan = planWorkload(
      input({
        clusters: ['a', 'b', 'c'],
        annotations: { [preferences]: 'not json', [placementAnnotation]: '{"a":2,"b":4}' },
        members: { a: member(2), b: member(4) },
      }),
    );
    expect(plan.replicas).toEqual({ a: 2, b: 4, c: 0 });
    expect(plan.annotations).toEqual({});
    expect(plan.warnings).toEqual([{ reason: 'InvalidPreferences', message: expect.stringContaining('keeping the last placement') }]);
  });

  it('uses the default placement when there is no last placement, and warns', () => {
    const plan = planWorkload(input({ annotations: { [preferences]: '{"rebalance":"yes"}' } }));
    expect(plan.replicas).toEqual({ a: 3, b: 3 });
    expect(plan.annotations[placementAnnotation]).toBe('{"a":3,"b":3}');
    expect(plan.warnings).toEqual([{ reason: 'InvalidPreferences', message: expect.stringContaining('using the default placement') }]);
  });
});

describe('planWorkload when a failed member returns', () => {
  const annotations = { [placementAnnotation]: '{"a":0,"b":6}' };

  it('without rebalance keeps the replicas where they moved, even if the member still runs its old pods', () => {
    const plan = planWorkload(input({ annotations, members: { a: member(3), b: member(6) } }));
    expect(plan.replicas).toEqual({ a: 0, b: 6 });
    expect(plan.annotations[placementAnnotation]).toBe('{"a":0,"b":6}');
  });

  it('with rebalance plans an even split but hands replicas over only as new ones become ready', () => {
    const rebalance = { ...annotations, [preferences]: '{"rebalance":true,"clusters":{"*":{"weight":1}}}' };
    const plan = planWorkload(input({ annotations: rebalance, members: { a: member(0), b: member(6) } }));
    expect(plan.annotations[placementAnnotation]).toBe('{"a":3,"b":3}');
    expect(plan.replicas).toEqual({ a: 3, b: 6 });
  });
});

describe('planWorkload capacity', () => {
  it('estimates the room of a member with unschedulable pods, records it and looks again soon', () => {
    const plan = planWorkload(input({ replicas: 10, members: { a: member(5, 3, 2), b: member(5) }, nodes: { a: 'sig-a', b: 'sig-b' } }));
    expect(plan.annotations[capacityAnnotation]).toBe(canonicalJson({ a: { replicas: 3, nodes: 'sig-a', at: now } }));
    expect(plan.annotations[placementAnnotation]).toBe('{"a":3,"b":7}');
    // a keeps its pods until b has the replicas ready.
    expect(plan.replicas).toEqual({ a: 5, b: 7 });
    expect(plan.requeueAfterMs).toBe(10_000);
  });

  it('keeps a remembered estimate and asks to look again when it expires', () => {
    const remembered = { a: { replicas: 2, nodes: 'sig-a', at: now - retryMs + 30_000 } };
    const plan = planWorkload(
      input({ replicas: 8, annotations: { [capacityAnnotation]: JSON.stringify(remembered) }, members: { a: member(2), b: member(4) }, nodes: { a: 'sig-a' } }),
    );
    expect(plan.replicas).toEqual({ a: 2, b: 6 });
    expect(plan.annotations[capacityAnnotation]).toBe(canonicalJson(remembered));
    expect(plan.requeueAfterMs).toBe(30_000);
  });

  it('asks again no sooner than a second after an estimate expires', () => {
    const remembered = { a: { replicas: 2, at: now - retryMs + 10 } };
    const plan = planWorkload(input({ annotations: { [capacityAnnotation]: JSON.stringify(remembered) }, members: { a: member(2), b: member(4) } }));
    expect(plan.requeueAfterMs).toBe(1_000);
  });

  it('removes the capacity annotation when no estimate concerns a placed member', () => {
    const elsewhere = { z: { replicas: 1, at: now } };
    const plan = planWorkload(input({ annotations: { [capacityAnnotation]: JSON.stringify(elsewhere) }, members: { a: member(3), b: member(3) } }));
    expect(plan.annotations[capacityAnnotation]).toBeNull();
    expect(plan.requeueAfterMs).toBeUndefined();
  });

  it('ignores a capacity annotation that is not a JSON object', () => {
    const plan = planWorkload(input({ annotations: { [capacityAnnotation]: '[1,2]' }, members: { a: member(3), b: member(3) } }));
    expect(plan.replicas).toEqual({ a: 3, b: 3 });
    expect(plan.annotations[capacityAnnotation]).toBeNull();
  });
});

describe('planWorkload while pods start', () => {
  // The cases of issue 19: each split was created as expected and then moved while pods became ready.
  it.each([
    ['weights 2/1', 6, { a: 4, b: 2 }, { a: member(4, 3), b: member(2, 2) }, '{"clusters":{"a":{"weight":2},"b":{"weight":1}}}'],
    ['weights 1/2/3', 6, { a: 1, b: 2, c: 3 }, { a: member(1, 1), b: member(2, 1), c: member(3, 1) }, '{"clusters":{"a":{"weight":1},"b":{"weight":2},"c":{"weight":3}}}'],
    ['no preferences', 10, { a: 4, b: 4, c: 2 }, { a: member(4, 3), b: member(4, 4), c: member(2, 2) }, undefined],
  ])('%s: a member with pods not yet ready keeps its share', (_case, replicas, placed, members, preferencesText) => {
    const annotations = { [placementAnnotation]: canonicalJson(placed), ...(preferencesText ? { [preferences]: preferencesText } : {}) };
    const plan = planWorkload(input({ replicas, clusters: Object.keys(placed), annotations, members }));
    expect(plan.replicas).toEqual(placed);
    expect(plan.annotations[placementAnnotation]).toBe(canonicalJson(placed));
  });
});

describe('planWorkload over time', () => {
  const names = ['a', 'b', 'c', 'd'];
  const preference = fc
    .record({ minReplicas: fc.nat(4), extra: fc.option(fc.nat(8), { nil: undefined }), weight: fc.nat(5) })
    .map(({ minReplicas, extra, weight }) => (extra === undefined ? { minReplicas, weight } : { minReplicas, maxReplicas: minReplicas + extra, weight }));
  const preferencesArb = fc.option(
    fc.record({ rebalance: fc.boolean(), clusters: fc.dictionary(fc.constantFrom('*', ...names), preference, { minKeys: 1 }) }).map((value) => JSON.stringify(value)),
    { nil: undefined },
  );
  /** One status update: per cluster, whether its copy is in the cache, how many pods are ready, its nodes. */
  const update = fc.record({
    members: fc.dictionary(fc.constantFrom(...names), fc.record({ seen: fc.boolean(), ready: fc.nat(12), nodes: fc.constantFrom('n1', 'n2') })),
    elapsedMs: fc.nat(3_600_000),
  });

  it('never changes the plan while members only report pods starting, becoming ready or going away, with none unschedulable past the threshold', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...names), { minLength: 1 }),
        fc.nat(30),
        preferencesArb,
        fc.array(update, { minLength: 1, maxLength: 12 }),
        (clusters, replicas, preferencesText, updates) => {
          const annotations: Record<string, string> = preferencesText === undefined ? {} : { [preferences]: preferencesText };
          let clock = now;
          const step = (members: Record<string, MemberWorkload>, nodes: Record<string, string>) => {
            const plan = planWorkload(input({ clusters, replicas, annotations, members, nodes, now: clock }));
            // What writeBack does with the annotations the plan asks for.
            for (const [key, value] of Object.entries(plan.annotations)) {
              if (value === null) {
                delete annotations[key];
              } else {
                annotations[key] = value;
              }
            }
            return plan;
          };
          const created = step({}, {});
          const placement = annotations[placementAnnotation];
          for (const { members, elapsedMs } of updates) {
            clock += elapsedMs;
            const observed = Object.fromEntries(
              Object.entries(members)
                .filter(([cluster, member]) => clusters.includes(cluster) && member.seen)
                .map(([cluster, member]) => [cluster, { requested: created.replicas[cluster] ?? 0, ready: member.ready, unschedulable: 0 }]),
            );
            const nodes = Object.fromEntries(Object.entries(members).map(([cluster, member]) => [cluster, member.nodes]));
            const plan = step(observed, nodes);
            expect(plan.replicas).toEqual(created.replicas);
            expect(annotations[placementAnnotation]).toBe(placement);
          }
        },
      ),
    );
  });
});
