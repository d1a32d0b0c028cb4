import type { KubeObject } from '../../core/objects.js';
import { federationNamespace } from '../../core/well-known.js';

/** The namespaces kubefed never writes in: the member's own system, and kubefed's namespace (its token lives there). */
export const protectedNamespaces = ['kube-system', 'kube-public', 'kube-node-lease', federationNamespace] as const;

const podSecurityPrefix = 'pod-security.kubernetes.io/';

/** podSecurityLabels is a CEL list of the "key=value" Pod Security labels of object or oldObject. */
const podSecurityLabels = (variable: 'object' | 'oldObject'): string =>
  `!has(${variable}.metadata.labels) ? [] : ${variable}.metadata.labels.filter(k, k.startsWith('${podSecurityPrefix}')).map(k, k + '=' + ${variable}.metadata.labels[k])`;

/**
 * admissionPolicyObjects are a ValidatingAdmissionPolicy and its binding that fence kubefed's ServiceAccount
 * in, whatever its RBAC allows: no write of any kind (any resource, subresource or operation) in the
 * protected namespaces, except a TokenRequest for its own ServiceAccount (how the controller-manager renews its
 * token), and no Namespace created or changed with other pod-security.kubernetes.io/* labels than it had, so
 * kubefed can never loosen a namespace's Pod Security level. The policy fails closed.
 */
export function admissionPolicyObjects(name: string, user: string, serviceAccount: string): KubeObject[] {
  const labels = { 'app.kubernetes.io/managed-by': 'kubefed' };
  const isNamespace = "request.resource.group == '' && request.resource.resource == 'namespaces'";
  const policy: KubeObject = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, labels },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*/*'], scope: '*' }],
      },
      matchConditions: [{ name: 'kubefed-service-account', expression: `request.userInfo.username == '${user}'` }],
      variables: [
        // subResource is absent, not empty, in a request without one.
        { name: 'subresource', expression: "has(request.subResource) ? request.subResource : ''" },
        { name: 'protectedNamespaces', expression: `[${protectedNamespaces.map((namespace) => `'${namespace}'`).join(', ')}]` },
        // A Namespace is "in" itself: writing the kube-system Namespace object is a write in kube-system.
        { name: 'target', expression: `${isNamespace} ? request.name : request.namespace` },
        {
          name: 'ownTokenRequest',
          expression:
            "request.resource.group == '' && request.resource.resource == 'serviceaccounts' && variables.subresource == 'token' && " +
            `request.operation == 'CREATE' && request.namespace == '${federationNamespace}' && request.name == '${serviceAccount}'`,
        },
        { name: 'podSecurityBefore', expression: `request.operation == 'CREATE' ? [] : (${podSecurityLabels('oldObject')})` },
        { name: 'podSecurityAfter', expression: podSecurityLabels('object') },
      ],
      validations: [
        {
          expression: '!(variables.target in variables.protectedNamespaces) || variables.ownTokenRequest',
          messageExpression: `'kubefed (${user}) may not write in namespace ' + variables.target + ': the member\\'s admission policy ${name} forbids it'`,
          reason: 'Forbidden',
        },
        {
          expression:
            `!(${isNamespace} && variables.subresource == '') || request.operation == 'DELETE' || ` +
            '(variables.podSecurityAfter.all(l, l in variables.podSecurityBefore) && variables.podSecurityBefore.all(l, l in variables.podSecurityAfter))',
          message: `kubefed (${user}) may not set or change ${podSecurityPrefix}* labels on a Namespace: the member's admission policy ${name} forbids it`,
          reason: 'Forbidden',
        },
      ],
    },
  };
  const binding: KubeObject = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name, labels },
    spec: { policyName: name, validationActions: ['Deny'] },
  };
  return [policy, binding];
}
