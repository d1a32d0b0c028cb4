import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { KubeObject } from '../../../../src/core/objects.js';
import { overrideCopy, selectsCluster } from '../../../../src/core/overrides/apply.js';
import { parseOverrides } from '../../../../src/core/overrides/codec.js';
import { applyOperations, isPrefix, type Pointer } from '../../../../src/core/overrides/json-patch.js';
import { OverridesError } from '../../../../src/core/overrides/rules.js';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web', old: 'yes' }, annotations: { note: 'a' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        initContainers: [{ name: 'setup', image: 'busybox:1.36' }],
        containers: [
          { name: 'web', image: 'registry.example/team/web:1.0', args: ['--debug', '--port=80'], env: [{ name: 'MODE', value: 'plain' }] },
          { name: 'sidecar', image: 'envoy:1.30' },
        ],
      },
    },
  },
};

const aws = { name: 'awsk8s', labels: { cloud: 'aws', region: 'us' } };
const gce = { name: 'gcek8s', labels: { cloud: 'gce', region: 'eu' } };
const computed: Pointer[] = [['spec', 'replicas']];

const apply = (rules: unknown[], cluster = aws, object = deployment) => overrideCopy(object, cluster, parseOverrides(JSON.stringify(rules), computed), computed).object;
const container = (object: KubeObject, index: number) =>
  (object.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[index] ?? {};

describe('selectsCluster', () => {
  const rule = (fields: Record<string, unknown>) => parseOverrides(JSON.stringify([{ ...fields, labels: { add: { a: 'b' } } }]))[0]!;
  it.each([
    ['names in clusters', { clusters: ['awsk8s'] }, true],
    ['not in clusters', { clusters: ['gcek8s'] }, false],
    ['an empty list names none', { clusters: [] }, false],
    ['an empty selector selects all', { clusterSelector: [] }, true],
    ['a matching selector', { clusterSelector: [{ key: 'cloud', operator: '=', values: ['aws'] }] }, true],
    ['a selector that does not match', { clusterSelector: [{ key: 'cloud', operator: '=', values: ['gce'] }] }, false],
    ['both, and both match', { clusters: ['awsk8s'], clusterSelector: [{ key: 'region', operator: 'in', values: ['us'] }] }, true],
    ['both, and only the name matches', { clusters: ['awsk8s'], clusterSelector: [{ key: 'region', operator: 'in', values: ['eu'] }] }, false],
  ])('%s', (_name, fields, expected) => {
    expect(selectsCluster(rule(fields), aws)).toBe(expected);
  });
});

describe('overrideCopy', () => {
  const bare: KubeObject = { ...deployment, metadata: { name: 'web', namespace: 'shop' } };

  it('leaves a copy no rule selects exactly as it was, with no operations', () => {
    const result = overrideCopy(deployment, gce, parseOverrides('[{"clusters":["awsk8s"],"labels":{"add":{"a":"b"}}}]'), computed);
    expect(result.object).toBe(deployment);
    expect(result.operations).toEqual([]);
  });

  it.each([
    ['sets the registry of every container, init containers too', [{ image: [{ registry: 'mirror.example' }] }], (o: KubeObject) => [
      container(o, 0).image, container(o, 1).image, (o.spec as { template: { spec: { initContainers: { image: string }[] } } }).template.spec.initContainers[0]?.image,
    ], ['mirror.example/team/web:1.0', 'mirror.example/envoy:1.30', 'mirror.example/busybox:1.36']],
    ['sets the tag of the named container only', [{ image: [{ container: 'web', tag: '2.0' }] }], (o: KubeObject) => [container(o, 0).image, container(o, 1).image], ['registry.example/team/web:2.0', 'envoy:1.30']],
    ['adds, replaces and removes labels', [{ labels: { add: { tier: 'gold' }, replace: { app: 'web2' }, remove: ['old'] } }], (o: KubeObject) => o.metadata.labels, { app: 'web2', tier: 'gold' }],
    ['creates annotations where there are none', [{ annotations: { add: { 'example.com/a': '1' } } }], (o: KubeObject) => o.metadata.annotations, { 'example.com/a': '1' }, bare],
    ['labels the pod template', [{ podLabels: { add: { zone: 'us' } } }], (o: KubeObject) => (o.spec as { template: { metadata: unknown } }).template.metadata, { labels: { app: 'web', zone: 'us' } }],
    ['replaces and adds env vars', [{ env: [{ container: 'web', add: { REGION: 'us' }, replace: { MODE: 'fast' } }] }], (o: KubeObject) => container(o, 0).env, [{ name: 'MODE', value: 'fast' }, { name: 'REGION', value: 'us' }]],
    ['creates an env list', [{ env: [{ container: 'sidecar', add: { A: '1' } }] }], (o: KubeObject) => container(o, 1).env, [{ name: 'A', value: '1' }]],
    ['removes and appends args', [{ args: [{ container: 'web', remove: ['--debug'], add: ['--quiet'] }] }], (o: KubeObject) => container(o, 0).args, ['--port=80', '--quiet']],
    ['replaces the whole args list', [{ args: [{ container: 'sidecar', replace: ['-v'] }] }], (o: KubeObject) => container(o, 1).args, ['-v']],
    ['applies JSON patches', [{ patches: [{ op: 'add', path: '/spec/paused', value: true }] }], (o: KubeObject) => (o.spec as { paused: boolean }).paused, true],
    ['applies rules in order, later ones seeing earlier ones', [{ labels: { add: { tier: 'a' } } }, { labels: { replace: { tier: 'b' } } }], (o: KubeObject) => o.metadata.labels?.tier, 'b'],
  ])('%s', (_name, changes, read, expected, object = deployment) => {
    expect(read(apply(changes.map((change) => ({ clusters: ['awsk8s'], ...change })), aws, object))).toEqual(expected);
  });

  it.each([
    ['a container that does not exist', { image: [{ container: 'db', tag: '1' }] }, 'overrides[0].image[0].container: no container named "db" (containers: web, sidecar, setup) (cluster awsk8s)'],
    ['a label to replace that is not set', { labels: { replace: { tier: 'x' } } }, 'overrides[0].labels.replace: tier is not set (cluster awsk8s)'],
    ['an env var to remove that is not there', { env: [{ container: 'web', remove: ['NOPE'] }] }, 'overrides[0].env[0].remove: container web has no env var NOPE'],
    ['an argument to remove that is not there', { args: [{ container: 'web', remove: ['--nope'] }] }, 'overrides[0].args[0].remove: container web has no argument "--nope"'],
    ['a patch path that does not exist', { patches: [{ op: 'replace', path: '/spec/strategy/type', value: 'Recreate' }] }, 'overrides[0].patches[0]: /spec/strategy does not exist'],
    ['pod labels on an object without a pod template', { podLabels: { add: { a: 'b' } } }, 'overrides[0].podLabels: the object has no pod template'],
  ])('refuses %s, naming rule, field and cluster', (_name, change, message) => {
    const object = _name.startsWith('pod labels') ? { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} } : deployment;
    expect(() => apply([{ clusters: ['awsk8s'], ...change }], aws, object)).toThrow(OverridesError);
    expect(() => apply([{ clusters: ['awsk8s'], ...change }], aws, object)).toThrow(message);
  });
});

/** leaves lists every scalar of a document with its pointer (empty maps and lists count as leaves). */
function leaves(value: unknown, path: string[] = []): [string[], unknown][] {
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]));
  }
  return [[path, value]];
}

const token = fc.constantFrom('a', 'b', 'c', 'x.example/y');
const labelValue = fc.constantFrom('v1', 'v2', '');
/** A rule generator over the sample Deployment: every change here fits it, so the rule set is valid. */
const rule = fc.record(
  {
    labels: fc.record({ add: fc.dictionary(token, labelValue, { maxKeys: 2 }) }),
    annotations: fc.record({ add: fc.dictionary(token, fc.string({ maxLength: 4 }), { maxKeys: 2 }) }),
    image: fc.array(fc.record({ container: fc.constantFrom('web', 'sidecar', 'setup'), tag: fc.constantFrom('1', '2.0', 'latest') }), { maxLength: 2 }),
    env: fc.array(fc.record({ container: fc.constantFrom('web', 'sidecar'), add: fc.dictionary(fc.constantFrom('A', 'B', 'MODE'), fc.string({ maxLength: 3 }), { minKeys: 1, maxKeys: 2 }) }), { maxLength: 2 }),
    patches: fc.array(
      fc.oneof(
        fc.record({ op: fc.constant('add'), path: fc.constantFrom('/spec/paused', '/spec/minReadySeconds', '/spec/template/spec/hostname'), value: fc.jsonValue({ maxDepth: 1 }) }),
        fc.record({ op: fc.constant('replace'), path: fc.constantFrom('/spec/selector/matchLabels/app', '/spec/template/metadata/labels/app'), value: fc.string({ maxLength: 3 }) }),
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['labels'] },
).map((change) => ({
  clusters: ['awsk8s'],
  ...change,
  labels: Object.keys(change.labels.add).length > 0 ? change.labels : { add: { fixed: 'v' } },
  ...(change.annotations && Object.keys(change.annotations.add).length === 0 ? { annotations: undefined } : {}),
}));

describe('overrideCopy properties', () => {
  it('is deterministic and changes nothing outside the paths its operations name', () => {
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 3 }), (changes) => {
        const rules = parseOverrides(JSON.stringify(changes), computed);
        const before = structuredClone(deployment);
        const first = overrideCopy(deployment, aws, rules, computed);
        const second = overrideCopy(deployment, aws, rules, computed);
        expect(second).toEqual(first);
        expect(deployment).toEqual(before);
        // The operations alone rebuild the result: nothing else was touched.
        expect(applyOperations(deployment, first.operations)).toEqual(first.object);
        const touched = first.operations.map((operation) => (operation.path.at(-1) === '-' ? operation.path.slice(0, -1) : operation.path));
        // Inserting into or removing from a list moves later items; the list itself is what the operation names.
        const named = touched.map((path) => (/^[0-9]+$/.test(path.at(-1) ?? '') ? path.slice(0, -1) : path));
        const after = new Map(leaves(first.object).map(([path, value]) => [path.join('/'), value]));
        for (const [path, value] of leaves(deployment)) {
          if (!named.some((prefix) => isPrefix(prefix, path) || isPrefix(path, prefix))) {
            expect([path, after.get(path.join('/'))]).toEqual([path, value]);
          }
        }
        expect(first.operations.every((operation) => !isPrefix(['spec', 'replicas'], operation.path) && operation.path[0] !== 'status')).toBe(true);
      }),
    );
  });

  it('leaves a copy its rules do not select untouched', () => {
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 3 }), (changes) => {
        expect(overrideCopy(deployment, gce, parseOverrides(JSON.stringify(changes), computed), computed).object).toBe(deployment);
      }),
    );
  });
});
