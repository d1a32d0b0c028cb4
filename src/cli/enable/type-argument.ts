import type { ResourceType } from '../../kube/resources.js';

/** TypeArgument is `kubefed enable`'s argument: a resource and its group ("" for the core group). */
export interface TypeArgument {
  resource: string;
  group: string;
}

/** The resources kubefed federates by default, with their own controllers; enabling them is refused. */
const builtIn = new Set([
  'configmaps',
  'secrets',
  'services',
  'namespaces',
  'deployments.apps',
  'replicasets.apps',
  'daemonsets.apps',
  'jobs.batch',
  'horizontalpodautoscalers.autoscaling',
  'ingresses.networking.k8s.io',
]);

/** Types that never make sense to propagate: each cluster's own machinery, or kubefed's. */
const refused: Record<string, string> = {
  pods: 'Pods are made by workloads; federate the Deployment, ReplicaSet, DaemonSet or Job',
  events: 'events belong to the cluster that records them',
  nodes: 'nodes belong to their cluster',
  'clusters.federation.kubefed.dev': "Cluster objects are kubefed's own",
  'federatedtypes.federation.kubefed.dev': "the enabled-types object is kubefed's own",
  'leases.coordination.k8s.io': 'leases belong to the cluster whose components hold them',
  'endpointslices.discovery.k8s.io': 'EndpointSlices are made by each cluster for its Services',
};

/** parseTypeArgument reads "widgets.example.com" or "serviceaccounts" (the group is everything after the first dot). */
export function parseTypeArgument(text: string): TypeArgument | string {
  const trimmed = text.trim().toLowerCase();
  const dot = trimmed.indexOf('.');
  const resource = dot < 0 ? trimmed : trimmed.slice(0, dot);
  const group = dot < 0 ? '' : trimmed.slice(dot + 1);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(resource) || (group !== '' && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(group))) {
    return `"${text}" is not <resource>[.<group>] (e.g. widgets.example.com, serviceaccounts, poddisruptionbudgets.policy)`;
  }
  const name = group === '' ? resource : `${resource}.${group}`;
  if (builtIn.has(name)) {
    return `${name} is one of kubefed's built-in kinds and always enabled`;
  }
  const reason = refused[name];
  return reason ? `${name} cannot be enabled: ${reason}` : { resource, group };
}

/** One group version's resources as discovery lists them (APIResourceList). */
export interface DiscoveredResources {
  groupVersion: string;
  resources: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[];
}

const neededVerbs = ['list', 'watch', 'get', 'create', 'patch', 'delete'];

/**
 * resolveType finds the argument among a server's discovered resources: the first group version given
 * that serves it (callers list the preferred version first). It says why when the server does not
 * serve the type, or serves it without the verbs propagation needs.
 */
export function resolveType(argument: TypeArgument, discovered: readonly DiscoveredResources[]): ResourceType | string {
  const name = argument.group === '' ? argument.resource : `${argument.resource}.${argument.group}`;
  for (const list of discovered) {
    const [group, version] = list.groupVersion.includes('/') ? (list.groupVersion.split('/') as [string, string]) : ['', list.groupVersion];
    if (group !== argument.group) {
      continue;
    }
    const found = list.resources.find((resource) => resource.name === argument.resource);
    if (found) {
      const missing = neededVerbs.filter((verb) => !(found.verbs ?? neededVerbs).includes(verb));
      if (missing.length > 0) {
        return `${name} is served without ${missing.join(', ')}; kubefed cannot propagate it`;
      }
      return { group, version, kind: found.kind, plural: found.name, namespaced: found.namespaced };
    }
  }
  return `the server does not serve ${name} (is its CRD installed?)`;
}
