import { describe, expect, it } from '@jest/globals';
import { enabledMemberRoleName, federationRole, laterCommand, memberRole } from '../../../../src/cli/enable/roles.js';
import { parseTypeArgument, resolveType } from '../../../../src/cli/enable/type-argument.js';
import { memberAccessNames, memberClusterRole } from '../../../../src/cli/join/member-access.js';
import { aggregateToControllerLabel, aggregateToMemberLabel } from '../../../../src/core/well-known.js';
import type { ResourceType } from '../../../../src/kube/resources.js';

const widgets: ResourceType = { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true };
const serviceAccounts: ResourceType = { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true };

describe('parseTypeArgument', () => {
  it.each([
    ['widgets.example.com', { resource: 'widgets', group: 'example.com' }],
    ['serviceaccounts', { resource: 'serviceaccounts', group: '' }],
    ['PodDisruptionBudgets.policy', { resource: 'poddisruptionbudgets', group: 'policy' }],
    ['networkpolicies.networking.k8s.io', { resource: 'networkpolicies', group: 'networking.k8s.io' }],
  ])('reads %j', (text, expected) => {
    expect(parseTypeArgument(text)).toEqual(expected);
  });

  it.each([
    ['', 'is not <resource>[.<group>]'],
    ['widgets..example', 'is not <resource>[.<group>]'],
    ['wid gets', 'is not <resource>[.<group>]'],
    ['deployments.apps', "deployments.apps is one of kubefed's built-in kinds and always enabled"],
    ['configmaps', "configmaps is one of kubefed's built-in kinds"],
    ['pods', 'pods cannot be enabled: Pods are made by workloads'],
    ['clusters.federation.kubefed.dev', "Cluster objects are kubefed's own"],
  ])('refuses %j', (text, message) => {
    expect(parseTypeArgument(text)).toEqual(expect.stringContaining(message));
  });
});

describe('resolveType', () => {
  const discovered = [
    { groupVersion: 'v1', resources: [{ name: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }] },
    { groupVersion: 'example.com/v2', resources: [{ name: 'widgets', kind: 'Widget', namespaced: false }] },
    { groupVersion: 'example.com/v1', resources: [{ name: 'widgets', kind: 'Widget', namespaced: true }] },
    { groupVersion: 'readonly.example.com/v1', resources: [{ name: 'reports', kind: 'Report', namespaced: true, verbs: ['get', 'list'] }] },
  ];

  it.each([
    ['a core type', { resource: 'serviceaccounts', group: '' }, serviceAccounts],
    ['the first group version listed (the preferred one)', { resource: 'widgets', group: 'example.com' }, { ...widgets, version: 'v2', namespaced: false }],
    ['a type the server does not serve', { resource: 'gadgets', group: 'example.com' }, 'the server does not serve gadgets.example.com (is its CRD installed?)'],
    ['a resource of another group', { resource: 'widgets', group: 'other.example' }, 'the server does not serve widgets.other.example (is its CRD installed?)'],
    ['a type served without the verbs propagation needs', { resource: 'reports', group: 'readonly.example.com' }, 'reports.readonly.example.com is served without watch, create, patch, delete; kubefed cannot propagate it'],
  ])('%s', (_name, argument, expected) => {
    expect(resolveType(argument, discovered)).toEqual(expected);
  });
});

describe('the ClusterRoles kubefed enable writes', () => {
  const names = memberAccessNames('master-control');

  it('grants the controller-manager a cache and patch of the type in the federation, no status, aggregated by label', () => {
    expect(federationRole(widgets)).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'kubefed:enabled:widgets.example.com', labels: { [aggregateToControllerLabel]: 'true', 'app.kubernetes.io/managed-by': 'kubefed' } },
      rules: [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['list', 'watch', 'patch'] }],
    });
  });

  it("grants in a member exactly the verbs join's role grants a built-in kind, to this federation's role only", () => {
    const role = memberRole(serviceAccounts, names);
    const joined = (memberClusterRole(names.clusterRole).rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[]).find((rule) => rule.resources.includes('configmaps'));
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['serviceaccounts'], verbs: joined?.verbs }]);
    expect(role.metadata).toEqual({
      name: enabledMemberRoleName(serviceAccounts, names),
      labels: { [aggregateToMemberLabel]: names.serviceAccount, 'app.kubernetes.io/managed-by': 'kubefed' },
    });
    expect(role.metadata.name).toBe('kubefed:kubefed-master-control:enabled:serviceaccounts');
  });

  it('names the command to run for members it could not reach', () => {
    expect(laterCommand('enable', widgets, ['azurek8s', 'gcek8s'])).toBe('kubefed enable widgets.example.com --member-context=azurek8s --member-context=gcek8s');
  });
});
