// What installing kubefed (manifests/ or the chart) creates on the federation API server, as
// `kubectl apply --dry-run=server` reports it.
import { expect } from '@jest/globals';
import type { CommandResult } from '../../lab/lab-environment.js';

export const installedObjects = [
  'customresourcedefinition.apiextensions.k8s.io/clusters.federation.kubefed.dev',
  'serviceaccount/kubefed-controller-manager',
  'clusterrole.rbac.authorization.k8s.io/kubefed-controller-manager',
  'clusterrolebinding.rbac.authorization.k8s.io/kubefed-controller-manager',
  'role.rbac.authorization.k8s.io/kubefed-controller-manager:leader-election',
  'rolebinding.rbac.authorization.k8s.io/kubefed-controller-manager:leader-election',
  'deployment.apps/kubefed-controller-manager',
  'service/kubefed-controller-manager-metrics',
  'poddisruptionbudget.policy/kubefed-controller-manager',
  'networkpolicy.networking.k8s.io/kubefed-controller-manager',
];

/** expectServerDryRunAccepted: the API server accepted every installed object, with no warning but the last-applied one. */
export function expectServerDryRunAccepted(result: CommandResult): void {
  // Objects join created without kubectl apply get a warning about the last-applied annotation, nothing else.
  expect(result.stderr.replace(/^Warning: resource .* is missing the kubectl\.kubernetes\.io\/last-applied-configuration annotation.*\n/gm, '')).toBe('');
  expect(result.code).toBe(0);
  for (const object of installedObjects) {
    expect(result.stdout).toMatch(new RegExp(`^${object.replace(/[.]/g, '\\.')} (created|configured|unchanged) \\(server dry run\\)$`, 'm'));
  }
}
