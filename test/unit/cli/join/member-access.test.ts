import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { controllerNames } from '../../../../src/daemon/config/flags.js';
import { protectedNamespaces } from '../../../../src/cli/join/admission-policy.js';
import { memberAccessNames, memberAccessObjects, memberClusterRole, memberTokenRole, serviceAccountUser } from '../../../../src/cli/join/member-access.js';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

const rules = memberClusterRole('kubefed:test').rules as Rule[];

/** verbsFor lists the verbs the role grants on one resource of one group. */
function verbsFor(group: string, resource: string): string[] {
  return [...new Set(rules.filter((rule) => rule.apiGroups?.includes(group) && rule.resources?.includes(resource)).flatMap((rule) => rule.verbs))].sort();
}

const manage = ['create', 'delete', 'get', 'list', 'patch', 'watch'];

describe('memberClusterRole', () => {
  it('grants no wildcard anywhere', () => {
    for (const rule of rules) {
      for (const list of [rule.apiGroups, rule.resources, rule.nonResourceURLs, rule.verbs]) {
        expect(list ?? []).not.toContain('*');
      }
    }
  });

  it.each([
    ['configmaps', ''],
    ['secrets', ''],
    ['services', ''],
    ['namespaces', ''],
    ['deployments', 'apps'],
    ['replicasets', 'apps'],
    ['daemonsets', 'apps'],
    ['jobs', 'batch'],
    ['horizontalpodautoscalers', 'autoscaling'],
    ['ingresses', 'networking.k8s.io'],
  ])('lets kubefed apply, watch and delete %s (API group %j), and nothing more', (resource, group) => {
    expect(verbsFor(group, resource)).toEqual(manage);
  });

  it('covers every propagated kind', () => {
    const propagated = rules.flatMap((rule) => (rule.verbs.includes('patch') ? (rule.resources ?? []) : []));
    const missing = controllerNames.filter((name) => name !== 'service-dns' && !propagated.includes(name));
    expect(missing).toEqual([]);
  });

  it.each([
    ['pods', '', ['list']],
    ['nodes', '', ['list']],
    ['endpointslices', 'discovery.k8s.io', ['list', 'watch']],
  ])('only lists %s (API group %j), watching only what it caches', (resource, group, verbs) => {
    expect(verbsFor(group, resource)).toEqual(verbs);
  });

  it('needs no rule outside the API: the health endpoints are public to authenticated users', () => {
    expect(rules.filter((rule) => rule.nonResourceURLs)).toEqual([]);
  });

  it('never grants update, escalation or impersonation verbs', () => {
    const verbs = new Set(rules.flatMap((rule) => rule.verbs));
    for (const verb of ['update', 'deletecollection', 'escalate', 'bind', 'impersonate']) {
      expect(verbs.has(verb)).toBe(false);
    }
  });
});

describe('memberAccessNames', () => {
  it.each([
    [
      'master-control',
      {
        serviceAccount: 'kubefed-master-control',
        clusterRole: 'kubefed:kubefed-master-control',
        enabledTypesRole: 'kubefed:kubefed-master-control:enabled-types',
        tokenRole: 'kubefed:kubefed-master-control:token',
        tokenSecret: 'kubefed-master-control-token',
        admissionPolicy: 'kubefed-master-control-restrictions',
      },
    ],
    [
      'GKE_project.zone',
      {
        serviceAccount: 'kubefed-gke-project-zone',
        clusterRole: 'kubefed:kubefed-gke-project-zone',
        enabledTypesRole: 'kubefed:kubefed-gke-project-zone:enabled-types',
        tokenRole: 'kubefed:kubefed-gke-project-zone:token',
        tokenSecret: 'kubefed-gke-project-zone-token',
        admissionPolicy: 'kubefed-gke-project-zone-restrictions',
      },
    ],
  ])('derives stable names from %s', (context, expected) => {
    expect(memberAccessNames(context)).toEqual(expected);
    expect(memberAccessNames(context)).toEqual(memberAccessNames(context));
  });

  it.each(['federation-control-plane-production-east1-a', 'fed_', 'Fed.'])('gives a valid ServiceAccount name for the context %j', (context) => {
    expect(memberAccessNames(context).serviceAccount).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });

  it('always gives a valid ServiceAccount name (DNS-1123: lowercase alphanumerics and dashes, alphanumeric at both ends)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), (context) => {
        const { serviceAccount, tokenSecret, admissionPolicy } = memberAccessNames(context);
        for (const name of [serviceAccount, tokenSecret, admissionPolicy]) {
          expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
          expect(name.length).toBeLessThanOrEqual(63);
        }
      }),
    );
  });
});

describe('memberAccessObjects', () => {
  const names = memberAccessNames('fed');
  const objects = memberAccessObjects(names);
  const byKind = (kind: string) => objects.find((object) => object.kind === kind);

  it('binds the roles to the ServiceAccount in federation-system, asks for its token and fences it in', () => {
    expect(objects.map((object) => object.kind)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'ClusterRole',
      'ClusterRoleBinding',
      'Role',
      'RoleBinding',
      'Secret',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
    ]);
    const subjects = [{ kind: 'ServiceAccount', name: names.serviceAccount, namespace: 'federation-system' }];
    expect(byKind('ClusterRoleBinding')).toMatchObject({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: names.clusterRole }, subjects });
    // What kubefed enable grants reaches the same ServiceAccount through a role of its own, aggregated by label.
    const enabled = objects.filter((object) => object.metadata.name === names.enabledTypesRole);
    expect(enabled).toEqual([
      expect.objectContaining({ kind: 'ClusterRole', aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'federation.kubefed.dev/aggregate-to-member': names.serviceAccount } }] }, rules: [] }),
      expect.objectContaining({ kind: 'ClusterRoleBinding', roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: names.enabledTypesRole }, subjects }),
    ]);
    expect(byKind('RoleBinding')).toMatchObject({ metadata: { namespace: 'federation-system' }, roleRef: { kind: 'Role', name: names.tokenRole }, subjects });
    const secret = byKind('Secret');
    expect(secret).toMatchObject({
      type: 'kubernetes.io/service-account-token',
      metadata: { name: names.tokenSecret, namespace: 'federation-system', annotations: { 'kubernetes.io/service-account.name': names.serviceAccount } },
    });
  });

  it('lets kubefed renew only its own token, in its own namespace', () => {
    expect(memberTokenRole(names.tokenRole, names.serviceAccount)).toMatchObject({
      metadata: { name: names.tokenRole, namespace: 'federation-system' },
      rules: [{ apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: [names.serviceAccount], verbs: ['create'] }],
    });
  });

  it('binds the admission policy to every request, denying, failing closed, for kubefed’s user only', () => {
    const policy = byKind('ValidatingAdmissionPolicy') as { spec: Record<string, unknown> } | undefined;
    expect(policy?.spec).toMatchObject({
      failurePolicy: 'Fail',
      matchConditions: [{ expression: `request.userInfo.username == '${serviceAccountUser(names)}'` }],
      matchConstraints: { resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*/*'] }] },
    });
    expect(byKind('ValidatingAdmissionPolicyBinding')).toMatchObject({ metadata: { name: names.admissionPolicy }, spec: { policyName: names.admissionPolicy, validationActions: ['Deny'] } });
    expect(serviceAccountUser(names)).toBe('system:serviceaccount:federation-system:kubefed-fed');
    expect(protectedNamespaces).toEqual(['kube-system', 'kube-public', 'kube-node-lease', 'federation-system']);
  });
});
