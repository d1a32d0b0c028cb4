import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { controllerNames } from '../../../src/config/flags.js';
import { memberAccessNames, memberAccessObjects, memberClusterRole } from '../../../src/join/member-access.js';

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
    ['pods', ''],
    ['nodes', ''],
    ['endpointslices', 'discovery.k8s.io'],
  ])('only reads %s (API group %j)', (resource, group) => {
    expect(verbsFor(group, resource)).toEqual(['get', 'list', 'watch']);
  });

  it('only reads the health and version endpoints outside the API', () => {
    const nonResource = rules.filter((rule) => rule.nonResourceURLs);
    expect(nonResource).toEqual([{ nonResourceURLs: ['/readyz', '/healthz', '/livez', '/version'], verbs: ['get'] }]);
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
    ['master-control', { serviceAccount: 'kubefed-master-control', clusterRole: 'kubefed:kubefed-master-control', tokenSecret: 'kubefed-master-control-token' }],
    ['GKE_project.zone', { serviceAccount: 'kubefed-gke-project-zone', clusterRole: 'kubefed:kubefed-gke-project-zone', tokenSecret: 'kubefed-gke-project-zone-token' }],
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
        const { serviceAccount, tokenSecret } = memberAccessNames(context);
        for (const name of [serviceAccount, tokenSecret]) {
          expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
          expect(name.length).toBeLessThanOrEqual(63);
        }
      }),
    );
  });
});

describe('memberAccessObjects', () => {
  it('binds the role to the ServiceAccount in federation-system and asks for its token', () => {
    const names = memberAccessNames('fed');
    const objects = memberAccessObjects(names);
    expect(objects.map((object) => object.kind)).toEqual(['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Secret']);
    const binding = objects[3];
    expect(binding?.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: names.clusterRole });
    expect(binding?.subjects).toEqual([{ kind: 'ServiceAccount', name: names.serviceAccount, namespace: 'federation-system' }]);
    const secret = objects[4];
    expect(secret).toMatchObject({
      type: 'kubernetes.io/service-account-token',
      metadata: { name: names.tokenSecret, namespace: 'federation-system', annotations: { 'kubernetes.io/service-account.name': names.serviceAccount } },
    });
  });
});
