// The built-in kinds' scopes are the one source of what kubefed federates: the adapters' federates and
// the finalizer policy's CEL are both made from them (test/e2e/finalizer-policy.test.ts checks the CEL on
// a real API server against the same table).
import { describe, expect, it } from '@jest/globals';
import { builtInScopes, inScope, scopeExpression } from '../../../../src/controllers/kinds/federated-scope.js';
import { finalizerParameters, finalizerPolicyObjects } from '../../../../src/controllers/kinds/finalizer-policy.js';
import { createAdapters } from '../../../../src/controllers/kinds/index.js';
import type { KubeObject } from '../../../../src/core/objects.js';
import { propagationFinalizer } from '../../../../src/core/well-known.js';

type Kind = keyof typeof builtInScopes;

/** A table of objects, by kind, with whether kubefed federates them. */
const scopeTable: [Kind, Partial<KubeObject['metadata']> & { type?: string }, boolean][] = [
  ['configmaps', { namespace: 'shop', name: 'app' }, true],
  ['configmaps', { namespace: 'shop', name: 'kube-root-ca.crt' }, false],
  ['configmaps', { namespace: 'kube-system', name: 'app' }, false],
  ['configmaps', { namespace: 'federation-system', name: 'app' }, false],
  ['secrets', { namespace: 'shop', name: 'db', type: 'Opaque' }, true],
  ['secrets', { namespace: 'shop', name: 'token', type: 'kubernetes.io/service-account-token' }, false],
  ['secrets', { namespace: 'shop', name: 'bootstrap', type: 'bootstrap.kubernetes.io/token' }, false],
  ['secrets', { namespace: 'kube-public', name: 'db', type: 'Opaque' }, false],
  ['namespaces', { name: 'shop' }, true],
  ['namespaces', { name: 'default' }, false],
  ['namespaces', { name: 'kube-node-lease' }, false],
  ['namespaces', { name: 'federation-system' }, false],
  ['services', { namespace: 'default', name: 'web' }, true],
  ['services', { namespace: 'default', name: 'kubernetes' }, false],
  ['services', { namespace: 'shop', name: 'kubernetes' }, true],
  ['deployments', { namespace: 'shop', name: 'web' }, true],
  ['deployments', { namespace: 'kube-system', name: 'web' }, false],
  ['replicasets', { namespace: 'shop', name: 'worker' }, true],
  ['jobs', { namespace: 'kube-system', name: 'batch' }, false],
  ['horizontalpodautoscalers', { namespace: 'shop', name: 'web' }, true],
  ['ingresses', { namespace: 'shop', name: 'web' }, true],
  ['daemonsets', { namespace: 'kube-public', name: 'agent' }, false],
];

function objectOf(kind: Kind, { type, ...metadata }: Partial<KubeObject['metadata']> & { type?: string }): KubeObject {
  const { type: resource } = builtInScopes[kind];
  return { apiVersion: resource.group ? `${resource.group}/${resource.version}` : resource.version, kind: resource.kind, metadata, ...(type ? { type } : {}) };
}

describe('built-in scopes', () => {
  const adapters = createAdapters({ unschedulableThresholdMs: 60_000, hpaScaleForbiddenWindowMs: 120_000 });

  it.each(scopeTable)('%s %j: federated %s, and the adapter agrees', (kind, metadata, federated) => {
    const object = objectOf(kind, metadata);
    expect(inScope(builtInScopes[kind].scope, object)).toBe(federated);
    expect(adapters[kind]?.federates(object)).toBe(federated);
  });

  it('cover every built-in kind with a controller of its own', () => {
    expect(Object.keys(builtInScopes).sort()).toEqual(Object.keys(adapters).sort());
  });
});

describe('scopeExpression', () => {
  it.each<[string, Parameters<typeof scopeExpression>[0], string]>([
    ['cluster-scoped, nothing excluded', { namespaced: false }, 'true'],
    ['namespaced', { namespaced: true }, "!(request.namespace in ['kube-system', 'kube-public', 'kube-node-lease', 'federation-system'])"],
    ['excluded names', { namespaced: false, names: ['default'] }, "!((has(object.metadata.name) ? object.metadata.name : '') in ['default'])"],
    ['one object', { namespaced: false, objects: [{ namespace: 'default', name: 'kubernetes' }] }, "!(request.namespace == 'default' && (has(object.metadata.name) ? object.metadata.name : '') == 'kubernetes')"],
    ['types', { namespaced: false, types: ['a/b'] }, "!(has(object.type) && object.type in ['a/b'])"],
    ['a quote cannot end the literal', { namespaced: false, names: ["it's"] }, "!((has(object.metadata.name) ? object.metadata.name : '') in ['it\\'s'])"],
  ])('%s', (_case, scope, expected) => {
    expect(scopeExpression(scope)).toBe(expected);
  });
});

describe('the finalizer policy', () => {
  interface PolicySpec {
    failurePolicy: string;
    matchConstraints: { resourceRules: { apiGroups: string[]; operations: string[]; resources: string[] }[] };
    mutations: unknown[];
  }
  const [policy, binding] = finalizerPolicyObjects() as [KubeObject & { spec: PolicySpec }, KubeObject & { spec: { paramRef: unknown } }];

  it('matches only CREATEs of the built-in kinds, and adds kubefed’s finalizer', () => {
    const rules = policy.spec.matchConstraints.resourceRules;
    expect(rules.flatMap((rule) => rule.resources.map((resource) => `${resource}.${rule.apiGroups[0]}`)).sort()).toEqual(
      Object.values(builtInScopes)
        .map((kind) => `${kind.type.plural}.${kind.type.group}`)
        .sort(),
    );
    expect(new Set(rules.flatMap((rule) => rule.operations))).toEqual(new Set(['CREATE']));
    expect(JSON.stringify(policy.spec.mutations)).toContain(propagationFinalizer);
  });

  it('never fails a create, and applies only while the parameters name the kind', () => {
    expect(policy.spec.failurePolicy).toBe('Ignore');
    expect(binding.spec.paramRef).toEqual({ name: 'kubefed-finalizer', namespace: 'federation-system', parameterNotFoundAction: 'Allow' });
  });

  it.each([
    [['configmaps', 'deployments', 'service-dns'], { configmaps: 'true', 'deployments.apps': 'true' }],
    [[], {}],
  ])('parameters for --controllers %j', (controllers, data) => {
    expect(finalizerParameters(controllers).data).toEqual(data);
  });
});
