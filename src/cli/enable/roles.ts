import type { KubeObject } from '../../core/objects.js';
import { aggregateToControllerLabel, aggregateToMemberLabel } from '../../core/well-known.js';
import { typeName } from '../../kube/enabled-types.js';
import type { ResourceType } from '../../kube/resources.js';
import type { MemberAccessNames } from '../join/member-access.js';

/** enabledRoleName names the ClusterRole that grants one enabled type in the federation. */
export function enabledRoleName(type: ResourceType): string {
  return `kubefed:enabled:${typeName(type)}`;
}

/**
 * enabledMemberRoleName names it in a member: per federation, like join's role, since several
 * federations may share a member and each enables its own types.
 */
export function enabledMemberRoleName(type: ResourceType, names: MemberAccessNames): string {
  return `${names.clusterRole}:enabled:${typeName(type)}`;
}

const labels = (aggregate: string, value: string) => ({ [aggregate]: value, 'app.kubernetes.io/managed-by': 'kubefed' });

/**
 * federationRole is what the controller-manager needs in the federation for an enabled type, and nothing
 * more: a cache (list, watch) and the propagation finalizer and member-states annotation (patch). No
 * status: kubefed never writes the status of a type it does not know. Aggregated into the
 * controller-manager's ClusterRole by its label.
 */
export function federationRole(type: ResourceType): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: enabledRoleName(type), labels: labels(aggregateToControllerLabel, 'true') },
    rules: [{ apiGroups: [type.group], resources: [type.plural], verbs: ['list', 'watch', 'patch'] }],
  };
}

/**
 * memberRole is what kubefed needs in a member for an enabled type, as join's role grants the built-in
 * kinds: a cache (list, watch), the clash check (get), create then server-side apply (patch), delete.
 * Aggregated into this federation's join role only: the label's value is its ServiceAccount's name.
 */
export function memberRole(type: ResourceType, names: MemberAccessNames): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: enabledMemberRoleName(type, names), labels: labels(aggregateToMemberLabel, names.serviceAccount) },
    rules: [{ apiGroups: [type.group], resources: [type.plural], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] }],
  };
}

/** laterCommand is what to run for members enable could not reach, once they can be. */
export function laterCommand(verb: 'enable' | 'disable', type: ResourceType, contexts: readonly string[]): string {
  return `kubefed ${verb} ${typeName(type)} ${contexts.map((context) => `--member-context=${context}`).join(' ')}`;
}
