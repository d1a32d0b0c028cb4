import type { KubeObject } from '../../core/objects.js';
import { federationNamespace, propagationFinalizer } from '../../core/well-known.js';
import { builtInScopes, resourceName, scopeExpression } from './federated-scope.js';

/** The MutatingAdmissionPolicy, its binding and its parameters ConfigMap share this name. */
export const finalizerPolicyName = 'kubefed-finalizer';

const labels = { 'app.kubernetes.io/name': 'kubefed', 'app.kubernetes.io/part-of': 'kubefed' };

/** The request's resource as the parameters list it ("configmaps", "deployments.apps"). */
const requestResource = "(request.resource.group == '' ? request.resource.resource : request.resource.resource + '.' + request.resource.group)";

/**
 * finalizerPolicyObjects are a MutatingAdmissionPolicy and its binding with which the federation API
 * server adds kubefed's finalizer to every object kubefed federates as it is created, so the controller
 * need not write it (one write per object fewer). Its conditions are the adapters' own (federated-scope.ts).
 * It applies only to the kinds the running controller-manager lists in its parameters ConfigMap
 * (finalizerParameters): without them (kubefed not running yet, or a kind's controller turned off) no
 * object gets a finalizer that nothing would remove. It never fails a create: an error skips it, and the
 * controller adds the finalizer itself, as it does on API servers without the policy.
 */
export function finalizerPolicyObjects(): KubeObject[] {
  const kinds = Object.values(builtInScopes);
  const groups = [...new Set(kinds.map((kind) => kind.type.group))];
  const policy: KubeObject = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicy',
    metadata: { name: finalizerPolicyName, labels },
    spec: {
      failurePolicy: 'Ignore',
      reinvocationPolicy: 'Never',
      paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
      matchConstraints: {
        resourceRules: groups.map((group) => ({
          apiGroups: [group],
          apiVersions: ['*'],
          operations: ['CREATE'],
          resources: kinds.filter((kind) => kind.type.group === group).map((kind) => kind.type.plural),
        })),
      },
      matchConditions: [
        { name: 'controller-running', expression: `has(params.data) && ${requestResource} in params.data` },
        {
          name: 'federated',
          expression: kinds
            .map((kind) => `(${requestResource} == '${resourceName(kind.type)}' && ${scopeExpression(kind.scope)})`)
            .join(' || '),
        },
        {
          name: 'not-finalized',
          expression: `!has(object.metadata.finalizers) || !('${propagationFinalizer}' in object.metadata.finalizers)`,
        },
      ],
      mutations: [
        {
          patchType: 'JSONPatch',
          jsonPatch: {
            expression:
              `has(object.metadata.finalizers) ? [JSONPatch{op: 'add', path: '/metadata/finalizers/-', value: '${propagationFinalizer}'}] : ` +
              `[JSONPatch{op: 'add', path: '/metadata/finalizers', value: ['${propagationFinalizer}']}]`,
          },
        },
      ],
    },
  };
  const binding: KubeObject = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicyBinding',
    metadata: { name: finalizerPolicyName, labels },
    spec: {
      policyName: finalizerPolicyName,
      paramRef: { name: finalizerPolicyName, namespace: federationNamespace, parameterNotFoundAction: 'Allow' },
    },
  };
  return [policy, binding];
}

/**
 * finalizerParameters is the ConfigMap the controller-manager writes as it starts its controllers: one key
 * per built-in kind it federates (by --controllers), which the policy's objects get kubefed's finalizer of.
 */
export function finalizerParameters(controllers: readonly string[]): KubeObject {
  const listed = Object.entries(builtInScopes).filter(([name]) => controllers.includes(name));
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: finalizerPolicyName, namespace: federationNamespace, labels },
    data: Object.fromEntries(listed.map(([, kind]) => [resourceName(kind.type), 'true'])),
  };
}
