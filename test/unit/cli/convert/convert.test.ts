import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { changeReport, convertManifests, convertObject } from '../../../../src/cli/convert/convert.js';
import { ConvertError } from '../../../../src/cli/convert/conversion.js';
import { parseManifests } from '../../../../src/cli/convert/manifests.js';
import { selectorMatches } from '../../../../src/cli/convert/workloads.js';
import type { KubeObject } from '../../../../src/core/objects.js';

const seed = (file: string) => parseManifests(readFileSync(new URL(`../../../fixtures/seed/${file}`, import.meta.url), 'utf8'), file);

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
const workload = (apiVersion: string, kind: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name: 'web', namespace: 'default', annotations: { 'federation.kubernetes.io/deployment-preferences': '{"rebalance": true}' } },
  spec: { replicas: 3, template, ...spec },
});

describe('convertObject: workloads', () => {
  const cases: [string, string][] = [
    ['extensions/v1beta1', 'Deployment'],
    ['apps/v1beta1', 'Deployment'],
    ['apps/v1beta2', 'Deployment'],
    ['extensions/v1beta1', 'ReplicaSet'],
    ['apps/v1beta2', 'ReplicaSet'],
    ['extensions/v1beta1', 'DaemonSet'],
    ['apps/v1beta2', 'DaemonSet'],
  ];
  it.each(cases)('%s %s becomes apps/v1 with a selector from the template labels', (apiVersion, kind) => {
    const { object, changes } = convertObject(workload(apiVersion, kind));
    expect(object.apiVersion).toBe('apps/v1');
    expect((object.spec as { selector: unknown }).selector).toEqual({ matchLabels: { app: 'web' } });
    expect(changes).toContain(`apiVersion ${apiVersion} -> apps/v1`);
    expect(changes.some((change) => change.startsWith('added spec.selector.matchLabels'))).toBe(true);
    // The selector is printed before the template, where the API server puts it.
    expect(Object.keys(object.spec as object)).toEqual(['replicas', 'selector', 'template']);
  });

  it('keeps an existing selector that matches, and every federation annotation', () => {
    const input = workload('extensions/v1beta1', 'Deployment', { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] } });
    const { object, changes } = convertObject(input);
    expect((object.spec as { selector: unknown }).selector).toEqual({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] });
    expect(changes).toEqual(['apiVersion extensions/v1beta1 -> apps/v1']);
    expect(object.metadata.annotations).toEqual(input.metadata.annotations);
  });

  it('never changes its input', () => {
    const input = workload('extensions/v1beta1', 'Deployment');
    const copy = structuredClone(input);
    convertObject(input);
    expect(input).toEqual(copy);
  });

  it.each([
    ['no selector and no template labels', { template: { spec: template.spec } }, /neither spec.selector nor pod template labels/],
    ['a selector that does not match the template', { selector: { matchLabels: { app: 'other' } } }, /does not match the pod template labels/],
  ])('fails on %s', (_case, spec, message) => {
    expect(() => convertObject(workload('extensions/v1beta1', 'Deployment', spec))).toThrow(message);
  });

  it('removes fields apps/v1 dropped and explains the defaults that changed', () => {
    const deployment = convertObject(workload('extensions/v1beta1', 'Deployment', { rollbackTo: { revision: 2 } }));
    expect(deployment.object.spec).not.toHaveProperty('rollbackTo');
    expect(deployment.notes.join('\n')).toMatch(/maxUnavailable 25%/);
    const daemonSet = convertObject(workload('extensions/v1beta1', 'DaemonSet', { templateGeneration: 3 }));
    expect(daemonSet.object.spec).not.toHaveProperty('templateGeneration');
    expect(daemonSet.notes.join('\n')).toMatch(/OnDelete/);
  });
});

describe('convertObject: Ingress', () => {
  const ingress = (apiVersion: string): KubeObject => ({
    apiVersion,
    kind: 'Ingress',
    metadata: { name: 'web', annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
    spec: {
      backend: { serviceName: 'default-http', servicePort: 80 },
      rules: [
        {
          host: 'web.example.com',
          http: {
            paths: [
              { path: '/', backend: { serviceName: 'web', servicePort: 'http' } },
              { path: '/api', pathType: 'Prefix', backend: { serviceName: 'api', servicePort: '8080' } },
            ],
          },
        },
      ],
    },
  });

  it.each(['extensions/v1beta1', 'networking.k8s.io/v1beta1'])('%s becomes networking.k8s.io/v1', (apiVersion) => {
    const { object, changes, notes } = convertObject(ingress(apiVersion));
    expect(object.apiVersion).toBe('networking.k8s.io/v1');
    expect(object.spec).toEqual({
      defaultBackend: { service: { name: 'default-http', port: { number: 80 } } },
      rules: [
        {
          host: 'web.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'ImplementationSpecific', backend: { service: { name: 'web', port: { name: 'http' } } } },
              { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 8080 } } } },
            ],
          },
        },
      ],
    });
    expect(changes).toHaveLength(4);
    expect(notes.join()).toMatch(/ingressClassName/);
  });

  it('fails on a backend without a service', () => {
    const broken = ingress('extensions/v1beta1');
    (broken.spec as { backend: unknown }).backend = { servicePort: 80 };
    expect(() => convertObject(broken)).toThrow(/spec.backend has no serviceName/);
  });
});

describe('convertObject: HorizontalPodAutoscaler', () => {
  const hpa = (apiVersion: string, spec: Record<string, unknown>): KubeObject => ({
    apiVersion,
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1beta1', kind: 'Deployment', name: 'web' }, minReplicas: 5, maxReplicas: 20, ...spec },
  });

  it('keeps autoscaling/v1 and points the target at apps/v1', () => {
    const { object, changes } = convertObject(hpa('autoscaling/v1', { targetCPUUtilizationPercentage: 70 }));
    expect(object.apiVersion).toBe('autoscaling/v1');
    expect(object.spec).toMatchObject({ scaleTargetRef: { apiVersion: 'apps/v1' }, targetCPUUtilizationPercentage: 70 });
    expect(changes).toEqual(['spec.scaleTargetRef.apiVersion apps/v1beta1 -> apps/v1']);
  });

  it('rewrites autoscaling/v2beta1 metrics in the v2 shape', () => {
    const metrics = [
      { type: 'Resource', resource: { name: 'cpu', targetAverageUtilization: 70 } },
      { type: 'Resource', resource: { name: 'memory', targetAverageValue: '200Mi' } },
      { type: 'Pods', pods: { metricName: 'qps', targetAverageValue: '10' } },
      { type: 'Object', object: { target: { kind: 'Service', name: 'web' }, metricName: 'hits', targetValue: '100' } },
      { type: 'External', external: { metricName: 'queue', metricSelector: { matchLabels: { q: 'a' } }, targetAverageValue: '30' } },
    ];
    const { object } = convertObject(hpa('autoscaling/v2beta1', { metrics }));
    expect(object.apiVersion).toBe('autoscaling/v2');
    expect((object.spec as { metrics: unknown }).metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '200Mi' } } },
      { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } },
      { type: 'Object', object: { describedObject: { kind: 'Service', name: 'web' }, metric: { name: 'hits' }, target: { type: 'Value', value: '100' } } },
      { type: 'External', external: { metric: { name: 'queue', selector: { matchLabels: { q: 'a' } } }, target: { type: 'AverageValue', averageValue: '30' } } },
    ]);
  });

  it('renames autoscaling/v2beta2 unchanged otherwise', () => {
    const metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }];
    const { object } = convertObject(hpa('autoscaling/v2beta2', { metrics }));
    expect(object.apiVersion).toBe('autoscaling/v2');
    expect((object.spec as { metrics: unknown }).metrics).toEqual(metrics);
  });
});

describe('convertObject: everything else', () => {
  it.each([
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } }],
    [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: {} }],
    [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } } } }],
  ] as KubeObject[][])('keeps current objects as they are: %j', (object) => {
    expect(convertObject(object)).toEqual({ object, changes: [], notes: [] });
  });

  it("renames v1's federation/v1beta1 Cluster", () => {
    const { object } = convertObject({
      apiVersion: 'federation/v1beta1',
      kind: 'Cluster',
      metadata: { name: 'gcek8s' },
      spec: { serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: 'https://192.0.2.1' }], secretRef: { name: 'gce' } },
      status: { conditions: [] },
    });
    expect(object).toEqual({
      apiVersion: 'federation.kubefed.dev/v1beta1',
      kind: 'Cluster',
      metadata: { name: 'gcek8s' },
      spec: { serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: 'https://192.0.2.1' }], secretRef: { name: 'gce' } },
    });
  });

  it.each([
    [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, /kind Pod \(v1\) is not one kubefed federates/],
    [{ apiVersion: 'apps/v2', kind: 'Deployment', metadata: { name: 'd' } }, /apiVersion apps\/v2 is not known for Deployment/],
    [{ kind: 'ConfigMap', metadata: { name: 'c' } }, /has no apiVersion or kind/],
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }, /has no metadata.name/],
  ] as [KubeObject, RegExp][])('rejects %j', (object, message) => {
    expect(() => convertObject(object)).toThrow(message);
  });

  it('warns about federation annotations the controller could not use', () => {
    const { notes } = convertObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'd',
        annotations: {
          'federation.alpha.kubernetes.io/cluster-selector': '[{"key": "a", "operator": "Bogus"}]',
          'federation.kubernetes.io/replica-set-preferences': '{}',
          'federation.kubernetes.io/deployment-preferences': '{not json',
        },
      },
      spec: { selector: { matchLabels: { a: 'b' } } },
    });
    expect(notes).toHaveLength(3);
    expect(notes.join('\n')).toMatch(/cluster-selector cannot be used/);
    expect(notes.join('\n')).toMatch(/replica-set-preferences is ignored on a Deployment/);
    expect(notes.join('\n')).toMatch(/deployment-preferences cannot be used/);
  });
});

describe('convertManifests', () => {
  it("converts the seed's files: the Deployment gets a selector, the HPA's target moves to apps/v1", () => {
    const converted = convertManifests(['node-js-deploy-fed.yaml', 'configmap-fed.yaml', 'configmap-rs-fed.yaml', 'node-hpa-fed.yaml', 'fedjob.yaml'].flatMap(seed));
    expect(converted.map((item) => `${String(item.object.apiVersion)} ${String(item.object.kind)}`)).toEqual([
      'apps/v1 Deployment',
      'v1 ConfigMap',
      'apps/v1 ReplicaSet',
      'autoscaling/v1 HorizontalPodAutoscaler',
      'batch/v1 Job',
    ]);
    expect(converted[0]?.object.spec).toMatchObject({ selector: { matchLabels: { name: 'node-js-deploy' } } });
    expect(converted[4]?.object.metadata.annotations).toEqual({ 'federation.kubernetes.io/job-preferences': '{"clusters": {"*": {"weight": 1}}}' });
    const report = changeReport(converted);
    expect(report).toMatch(/node-js-deploy-fed.yaml: Deployment node-js-deploy: converted\n {2}- apiVersion extensions\/v1beta1 -> apps\/v1/);
    expect(report).toMatch(/configmap-fed.yaml: ConfigMap default\/my-application-config: unchanged \(v1\)/);
  });

  it('converts a file whole or not at all, naming every object it cannot convert', () => {
    const manifests = parseManifests(
      ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}', 'apiVersion: foo/v1\nkind: Bar\nmetadata: {name: b}'].join('\n---\n'),
      'mixed.yaml',
    );
    expect(() => convertManifests(manifests)).toThrow(ConvertError);
    expect(() => convertManifests(manifests)).toThrow(/2 objects cannot be converted:\n {2}mixed.yaml, document 2: Pod p: kind Pod[^\n]*\n {2}mixed.yaml, document 3: Bar b/);
  });
});

describe('parseManifests', () => {
  it('reads YAML 1.1 as the API server does, skips empty documents and flattens Lists', () => {
    const text = [
      '---',
      'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}, data: {mode: "0644"}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}',
      '',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nspec: {defaultMode: 0644, flag: yes}',
    ].join('\n---\n');
    const manifests = parseManifests(text, 'f.yaml');
    expect(manifests.map((manifest) => manifest.source)).toEqual(['f.yaml, document 2, item 1', 'f.yaml, document 2, item 2', 'f.yaml, document 4']);
    expect(manifests[2]?.object.spec).toEqual({ defaultMode: 420, flag: true });
  });

  it.each([
    ['key: [unclosed', /f.yaml: not valid YAML/],
    ['- a\n- b', /expected a Kubernetes object, found a list/],
  ])('rejects %j', (text, message) => {
    expect(() => parseManifests(text, 'f.yaml')).toThrow(message);
  });
});

describe('selectorMatches', () => {
  it.each([
    [{ matchLabels: { a: '1' } }, { a: '1', b: '2' }, true],
    [{ matchLabels: { a: '1' } }, { a: '2' }, false],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '2'] }] }, { a: '2' }, true],
    [{ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, {}, true],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, {}, false],
    [{ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, {}, true],
    [{ matchExpressions: [{ key: 'a', operator: 'Weird' }] }, { a: '1' }, false],
  ])('%j against %j is %s', (selector, labels, expected) => {
    expect(selectorMatches(selector, labels)).toBe(expected);
  });
});
